# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Recouvrement de créances – échéanciers",
    "summary": "Payment plans (échéanciers): instalments over one or more "
    "invoices, the proposal to sign, payments allocated to the instalments, "
    "reminders and breach (déchéance du terme)",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/account-recouvrement/account_recouvrement",
    "author": "account_recouvrement authors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "depends": ["account_recouvrement_base"],
    "data": [
        "security/ir.model.access.csv",
        "security/recouvrement_plan_security.xml",
        "data/recouvrement_plan_data.xml",
        "report/recouvrement_plan_letter_report.xml",
        "data/recouvrement_plan_mail_data.xml",
        "views/recouvrement_plan_views.xml",
        "wizards/recouvrement_plan_wizard_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/recouvrement_communication_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/recouvrement_plan_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "account_recouvrement_payment_plan/static/src/js/tours/*.js",
        ],
    },
}
