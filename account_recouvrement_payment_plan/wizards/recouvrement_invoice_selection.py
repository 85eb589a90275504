from odoo import api, models


class RecouvrementInvoiceSelection(models.AbstractModel):
    _inherit = "recouvrement.invoice.selection"

    @api.model
    def _open_domain(self, partner, currency, company):
        # under an active plan: neither another plan nor a case takes it
        return [
            *super()._open_domain(partner, currency, company),
            ("recouvrement_plan_id", "=", False),
        ]
