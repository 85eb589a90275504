from odoo import models
from odoo.tools import SQL


class RecouvrementRun(models.AbstractModel):
    _inherit = "recouvrement.run"

    def _dunned_sql(self, date):
        # insolvency proceedings: nothing more from the judgement on
        return [
            *super()._dunned_sql(date),
            SQL(
                "(rp.recouvrement_insolvency_date IS NULL "
                "OR rp.recouvrement_insolvency_date > %s)",
                date,
            ),
        ]
