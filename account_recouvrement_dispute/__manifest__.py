# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Recouvrement de créances – litiges et procédures collectives",
    "summary": "Invoice disputes that pause the dunning of the contested invoice, "
    "settled by a credit note or rejected; customers under insolvency "
    "proceedings (no reminder, no charge) and their claim statement",
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
        "security/recouvrement_dispute_security.xml",
        "data/mail_activity_type_data.xml",
        "data/recouvrement_dispute_data.xml",
        "report/recouvrement_claim_report.xml",
        "data/recouvrement_dispute_mail_data.xml",
        "views/recouvrement_dispute_views.xml",
        "wizards/recouvrement_dispute_wizard_views.xml",
        "views/account_move_views.xml",
        "views/recouvrement_communication_views.xml",
        "views/res_partner_insolvency_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/recouvrement_dispute_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "account_recouvrement_dispute/static/src/js/tours/*.js",
        ],
    },
}
