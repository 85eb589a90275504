from odoo import fields, models


class RecouvrementCommunicationLine(models.Model):
    _inherit = "recouvrement.communication.line"

    dispute_id = fields.Many2one(
        related="move_id.recouvrement_dispute_id",
        string="Open dispute",
    )

    def action_open_dispute(self):
        """The customer contests this invoice of the reminder."""
        return self.move_id.action_recouvrement_open_dispute()
