from odoo import api, models


class RecouvrementInvoiceSelection(models.AbstractModel):
    _inherit = "recouvrement.invoice.selection"

    @api.model
    def _open_domain(self, partner, currency, company):
        # disputed: neither a plan nor a case takes it until it is settled
        return [
            *super()._open_domain(partner, currency, company),
            ("recouvrement_dispute_id", "=", False),
        ]
