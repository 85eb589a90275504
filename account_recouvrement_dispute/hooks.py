# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Up to the core 19.0.1.0.0 the disputes and the insolvency proceedings were
part of it: on such a database the addon takes over their records (the
reasons, the sequence, the email templates kept as the user left them, the
claim statement) and the demo's.

The core's views of that time still show the disputes: they are loaded again
from the core's files once this addon's own views are in place (not before:
the views another addon of the suite stored then may place their buttons
next to the dispute's, which this addon's views now provide)."""

from odoo.addons.account_recouvrement_base.hooks import (
    refresh_core_views,
    restore_noupdate_records,
    take_over,
)

from .demo.recouvrement_dispute_demo import DEMO_XMLIDS, MODULE


def pre_init_hook(env):
    take_over(env, MODULE, extra=DEMO_XMLIDS, refresh=False)


def post_init_hook(env):
    restore_noupdate_records(env, MODULE)
    refresh_core_views(env)
