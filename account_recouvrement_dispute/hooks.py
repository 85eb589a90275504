# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Up to the core 19.0.1.0.0 the disputes and the insolvency proceedings were
part of it: on such a database the addon takes over their records (the
reasons, the sequence, the email templates kept as the user left them, the
claim statement) and the demo's.

The core's views of that time still show the disputes: before this addon's
data loads, the other addons' views on the core's are set aside and the
core's views loaded again from its files; once it is installed, those views
come back, loaded from their files (``take_over``, ``finish_take_over``)."""

from odoo.addons.account_recouvrement_base.hooks import finish_take_over, take_over

from .demo.recouvrement_dispute_demo import DEMO_XMLIDS, MODULE


def pre_init_hook(env):
    take_over(env, MODULE, extra=DEMO_XMLIDS)


def post_init_hook(env):
    finish_take_over(env, MODULE)
