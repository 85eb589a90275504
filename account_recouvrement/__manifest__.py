# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Recouvrement de créances",
    "summary": "Dunning, French late-payment charges, disputes, payment plans, "
    "factoring hand-off and receivables reporting",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/account-recouvrement/account_recouvrement",
    "author": "account_recouvrement authors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": ["account", "mail"],
    "external_dependencies": {"python": []},
    "data": [
        "security/recouvrement_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "report/recouvrement_letter_report.xml",
        "data/mail_template_data.xml",
        "data/recouvrement_policy_data.xml",
        "data/ir_cron_data.xml",
        "wizards/recouvrement_exclude_wizard_views.xml",
        "wizards/recouvrement_postpone_wizard_views.xml",
        "views/recouvrement_policy_views.xml",
        "views/recouvrement_communication_views.xml",
        "views/recouvrement_exclusion_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": [
            "account_recouvrement/static/src/js/tours/*.js",
        ],
    },
}
