# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.2.3.0: the disputes and the insolvency proceedings leave the core for
``account_recouvrement_dispute`` (installed by this update, it takes their
records over). The views the other addons of the suite stored place their
buttons next to the dispute's; their files now anchor them on the core's
own elements: they are loaded again (``-u account_recouvrement`` updates this
addon alone, not the addons it depends on)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.account_recouvrement_base.hooks import refresh_suite_views

#: the addons whose stored views are loaded again, in the order Odoo loads them
MODULES = (
    "account_recouvrement_payment_plan",
    "account_recouvrement_factoring",
    "account_recouvrement_receivables",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    refresh_suite_views(env, MODULES)
