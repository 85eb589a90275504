# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Recouvrement de créances – affacturage",
    "summary": "Factoring hand-off: remittance batches with the factor's file, "
    "the transfer entry, the factor's statement and returns; factored invoices "
    "leave the dunning",
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
        "security/recouvrement_factor_security.xml",
        "data/recouvrement_factor_data.xml",
        "report/recouvrement_factor_bordereau_report.xml",
        "report/account_invoice_report.xml",
        "wizards/recouvrement_factor_statement_wizard_views.xml",
        "wizards/recouvrement_factor_paid_wizard_views.xml",
        "views/recouvrement_factor_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/recouvrement_factor_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "account_recouvrement_factoring/static/src/js/tours/*.js",
        ],
    },
}
