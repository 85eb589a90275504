from datetime import timedelta

from odoo import api, fields, models


class RecouvrementPostponeWizard(models.TransientModel):
    _name = "recouvrement.postpone.wizard"
    _description = "Postpone dunning communications"

    communication_ids = fields.Many2many(
        comodel_name="recouvrement.communication",
        string="Communications",
    )
    date = fields.Date(
        string="Postpone until",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "recouvrement.communication":
            values["communication_ids"] = [
                (6, 0, self.env.context.get("active_ids") or [])
            ]
        return values

    def action_confirm(self):
        self.ensure_one()
        self.communication_ids.action_postpone(self.date)
        return {"type": "ir.actions.act_window_close"}
