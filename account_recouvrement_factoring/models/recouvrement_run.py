from odoo import models
from odoo.tools import SQL


class RecouvrementRun(models.AbstractModel):
    _inherit = "recouvrement.run"

    def _dunned_sql(self, date):
        # transferred to a factor: the factor collects
        return [
            *super()._dunned_sql(date),
            SQL("NOT COALESCE(am.recouvrement_factored, FALSE)"),
        ]
