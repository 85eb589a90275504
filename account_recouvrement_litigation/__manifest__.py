# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Recouvrement de créances – contentieux et créances douteuses",
    "summary": "Litigation cases through their stages up to the injonction de "
    "payer and its enforcement, their statement and case file; doubtful "
    "receivables (411 → 416), provisions (491) and write-off (654)",
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
        "security/recouvrement_litigation_security.xml",
        "data/mail_activity_type_data.xml",
        "report/recouvrement_case_file_report.xml",
        "data/recouvrement_case_data.xml",
        "views/recouvrement_case_views.xml",
        "wizards/recouvrement_case_wizard_views.xml",
        "views/recouvrement_write_off_views.xml",
        "wizards/recouvrement_doubtful_payment_wizard_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/recouvrement_communication_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/recouvrement_litigation_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "account_recouvrement_litigation/static/src/js/tours/*.js",
        ],
    },
}
