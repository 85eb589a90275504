# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.2.5.0: the litigation cases, their stages and the doubtful
receivables leave the core for ``account_recouvrement_litigation`` (installed
by this update, it takes their records over). The views the other addons of
the suite stored place their buttons next to the cases' and the doubtful
receivables'; their files now anchor them on the core's own elements: they
are loaded again (``-u account_recouvrement`` updates this addon alone, not
the addons it depends on). The core's new abstract model (the prescription)
is registered as the core's update would."""

from odoo import SUPERUSER_ID, api

from odoo.addons.account_recouvrement_base.hooks import (
    reflect_new_models,
    refresh_suite_views,
    restore_suite_views,
)

#: the addons whose stored views are loaded again, in the order Odoo loads them
MODULES = (
    "account_recouvrement_dispute",
    "account_recouvrement_factoring",
    "account_recouvrement_payment_plan",
    "account_recouvrement_receivables",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reflect_new_models(env)
    # what the addons installed by the update set aside is back already (the
    # last one's post_init_hook): a safety net
    restore_suite_views(env)
    refresh_suite_views(env, MODULES)
