# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.2.4.0: the core's largest models are split into abstract models (the
communication's checks and workflow, the charges' billing, the run's
builder). ``-u account_recouvrement`` does not update the core: those models
are registered here, as the core's update would."""

from odoo import SUPERUSER_ID, api

from odoo.addons.account_recouvrement_base.hooks import reflect_new_models


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reflect_new_models(env)
