# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Recouvrement de créances – créances en cours",
    "summary": "Outstanding receivables at any date in XLSX, the receivables "
    "analysis and the collection KPIs (DSO, recovery rate) of every collection "
    "status",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/account-recouvrement/account_recouvrement",
    "author": "account_recouvrement authors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "depends": [
        "account_recouvrement_dispute",
        "account_recouvrement_factoring",
        "account_recouvrement_litigation",
        "account_recouvrement_payment_plan",
        "report_xlsx",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/recouvrement_receivable_security.xml",
        "report/receivables_xlsx_report.xml",
        "data/receivables_cron_data.xml",
        "wizards/recouvrement_receivables_wizard_views.xml",
        "views/recouvrement_receivable_analysis_views.xml",
        "views/menus.xml",
    ],
}
