# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Up to the core 19.0.1.0.0 the report was part of it: on such a database the
addon takes over its records (the weekly cron kept as the user set it)."""

from odoo.addons.account_recouvrement_base.hooks import finish_take_over, take_over

MODULE = "account_recouvrement_receivables"


def pre_init_hook(env):
    take_over(env, MODULE)


def post_init_hook(env):
    finish_take_over(env, MODULE)
