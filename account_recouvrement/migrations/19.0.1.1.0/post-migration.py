# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The daily dunning cron moved from the communications to the run
(``recouvrement.run._cron_run_dunning``); its record is ``noupdate``, so an
upgraded database still points at the old model: point it at the new one."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("account_recouvrement_base.ir_cron_recouvrement_daily", False)
    if cron and cron.model_id.model != "recouvrement.run":
        cron.write(
            {
                "model_id": env.ref(
                    "account_recouvrement_base.model_recouvrement_run"
                ).id,
                "code": "model._cron_run_dunning()",
            }
        )
