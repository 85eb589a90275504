from odoo import api, fields, models
from odoo.exceptions import UserError


class RecouvrementDisputeWizard(models.TransientModel):
    """Open a dispute on one invoice (its amount can be part of the residual)
    or on several at once (each for its whole residual)."""

    _name = "recouvrement.dispute.wizard"
    _description = "Open a dispute"

    move_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
        required=True,
    )
    move_count = fields.Integer(
        string="Number of invoices",
        compute="_compute_move_count",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        compute="_compute_move_count",
    )
    reason_id = fields.Many2one(
        comodel_name="recouvrement.dispute.reason",
        required=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    deadline = fields.Date(
        help="Empty: the reason's usual time to resolve.",
    )
    amount = fields.Monetary(
        string="Disputed amount",
        currency_field="currency_id",
        help="Empty: the whole residual of the invoice.",
    )
    description = fields.Text(
        help="What the customer says.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.move":
            values["move_ids"] = [(6, 0, self.env.context.get("active_ids") or [])]
        elif self.env.context.get("active_model") == "recouvrement.communication.line":
            lines = self.env["recouvrement.communication.line"].browse(
                self.env.context.get("active_ids") or []
            )
            values["move_ids"] = [(6, 0, lines.move_id.ids)]
        return values

    @api.depends("move_ids")
    def _compute_move_count(self):
        for wizard in self:
            wizard.move_count = len(wizard.move_ids)
            wizard.currency_id = wizard.move_ids[:1].currency_id

    def action_confirm(self):
        self.ensure_one()
        if not self.move_ids:
            raise UserError(self.env._("Choose the invoices to dispute."))
        if self.amount and len(self.move_ids) > 1:
            raise UserError(
                self.env._(
                    "A disputed amount can be given for one invoice only; for "
                    "several, each is disputed for its whole residual."
                )
            )
        values = {
            "reason_id": self.reason_id.id,
            "user_id": self.user_id.id,
            "description": self.description,
        }
        if self.deadline:
            values["deadline"] = self.deadline
        if self.amount:
            values["amount"] = self.amount
        disputes = self.env["recouvrement.dispute"].create(
            [{**values, "move_id": move.id} for move in self.move_ids]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_dispute.action_recouvrement_dispute"
        )
        if len(disputes) == 1:
            action.update(
                {"view_mode": "form", "views": [(False, "form")], "res_id": disputes.id}
            )
        else:
            action["domain"] = [("id", "in", disputes.ids)]
        return action
