from odoo import api, fields, models


class RecouvrementExcludeWizard(models.TransientModel):
    """Exclude invoices (or the invoices of communications) from dunning."""

    _name = "recouvrement.exclude.wizard"
    _description = "Exclude from dunning"

    move_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
    )
    communication_ids = fields.Many2many(
        comodel_name="recouvrement.communication",
        string="Communications",
    )
    reason = fields.Char(
        required=True,
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        active_ids = self.env.context.get("active_ids") or []
        model = self.env.context.get("active_model")
        if model == "account.move":
            values["move_ids"] = [(6, 0, active_ids)]
        elif model == "recouvrement.communication":
            values["communication_ids"] = [(6, 0, active_ids)]
        return values

    def action_confirm(self):
        self.ensure_one()
        # the reason is checked by account.move._recouvrement_exclude
        if self.communication_ids:
            self.communication_ids.action_exclude_invoices(self.reason)
        if self.move_ids:
            self.move_ids._recouvrement_exclude(self.reason, source="manual")
        return {"type": "ir.actions.act_window_close"}
