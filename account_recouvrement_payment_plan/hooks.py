# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Up to the core 19.0.1.0.0 the payment plans were part of it: on such a
database the addon takes over their records (the plans' sequence, the email
templates, the letters kept as the user left them) and the demo's."""

from odoo.addons.account_recouvrement_base.hooks import finish_take_over, take_over

from .demo.recouvrement_plan_demo import DEMO_XMLIDS, MODULE


def pre_init_hook(env):
    take_over(env, MODULE, extra=DEMO_XMLIDS)


def post_init_hook(env):
    finish_take_over(env, MODULE)
