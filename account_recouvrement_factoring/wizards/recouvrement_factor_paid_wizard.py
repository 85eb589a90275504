from odoo import api, fields, models


class RecouvrementFactorPaidWizard(models.TransientModel):
    """The factor's statement lists the documents its debtors paid: record
    the day of that payment on them (the VAT on payments is due then)."""

    _name = "recouvrement.factor.paid.wizard"
    _description = "Documents Paid to the Factor"

    move_ids = fields.Many2many(
        comodel_name="account.move",
        string="Documents",
        required=True,
        domain="[('recouvrement_factored', '=', True), "
        "('recouvrement_factor_paid_date', '=', False)]",
        help="The factored invoices and credit notes the factor's statement "
        "shows as paid by the customers.",
    )
    date = fields.Date(
        string="Paid on",
        required=True,
        default=fields.Date.context_today,
        help="The day the customers paid the factor, as its statement says.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        moves = self.env["account.move"]
        if context.get("active_model") == "account.move":
            moves = moves.browse(context.get("active_ids") or ())
        elif context.get("active_model") == "recouvrement.factor.batch":
            batch = self.env["recouvrement.factor.batch"].browse(
                context.get("active_id")
            )
            moves = batch.move_ids.filtered(
                lambda move: (
                    move.recouvrement_factored
                    and not move.recouvrement_factor_paid_date
                )
            )
        if moves and "move_ids" in fields_list:
            values["move_ids"] = [fields.Command.set(moves.ids)]
        return values

    def action_confirm(self):
        self.ensure_one()
        self.move_ids._recouvrement_factor_paid(self.date)
        return {"type": "ir.actions.act_window_close"}
