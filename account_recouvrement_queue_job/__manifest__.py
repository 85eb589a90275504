# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Recouvrement de créances – queue_job",
    "summary": "Send the dunning communications and render the day's letters as "
    "queue_job jobs, shared by every Odoo worker",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/account-recouvrement/account_recouvrement",
    "author": "account_recouvrement authors",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "auto_install": True,
    "depends": ["account_recouvrement_base", "queue_job"],
    "data": [
        "data/queue_job_data.xml",
    ],
}
