# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Recouvrement de créances",
    "summary": "The whole debt collection suite: dunning, French late-payment "
    "charges, disputes, payment plans, litigation, factoring and receivables "
    "reporting",
    "version": "19.0.2.5.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/account-recouvrement/account_recouvrement",
    "author": "account_recouvrement authors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "account_recouvrement_base",
        "account_recouvrement_dispute",
        "account_recouvrement_payment_plan",
        "account_recouvrement_factoring",
        "account_recouvrement_litigation",
        "account_recouvrement_receivables",
    ],
    "post_init_hook": "post_init_hook",
}
