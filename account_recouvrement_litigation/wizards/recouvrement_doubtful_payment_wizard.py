from odoo import Command, api, fields, models


class RecouvrementDoubtfulPaymentWizard(models.TransientModel):
    """Apply payments received after the transfer to 416: registered as
    usual on the customer, they stay open on 411 (the invoice is settled
    there); this carries them to the 416 line of the invoice."""

    _name = "recouvrement.doubtful.payment.wizard"
    _description = "Apply payments to a doubtful receivable"

    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        required=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id",
        string="Customer",
    )
    company_id = fields.Many2one(
        related="move_id.company_id",
    )
    currency_id = fields.Many2one(
        related="move_id.currency_id",
    )
    doubtful_residual = fields.Monetary(
        related="move_id.recouvrement_doubtful_residual",
    )
    line_ids = fields.Many2many(
        comodel_name="account.move.line",
        string="Payments",
        domain="[('partner_id', 'child_of', partner_id), "
        "('company_id', '=', company_id), "
        "('account_type', '=', 'asset_receivable'), "
        "('reconciled', '=', False), ('parent_state', '=', 'posted'), "
        "('amount_residual_currency', '<', 0), ('currency_id', '=', currency_id)]",
        help="The customer's open credits on the customer account (payments "
        "registered without an invoice to settle).",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        move = self.env["account.move"].browse(values.get("move_id"))
        if move and "line_ids" in fields_list and "line_ids" not in values:
            values["line_ids"] = [
                Command.set(
                    self.env["account.move.line"]
                    .search(
                        [
                            (
                                "partner_id",
                                "child_of",
                                move.commercial_partner_id.id,
                            ),
                            ("company_id", "=", move.company_id.id),
                            ("account_type", "=", "asset_receivable"),
                            ("reconciled", "=", False),
                            ("parent_state", "=", "posted"),
                            ("amount_residual_currency", "<", 0),
                            ("currency_id", "=", move.currency_id.id),
                        ]
                    )
                    .ids
                )
            ]
        return values

    def action_apply(self):
        self.ensure_one()
        self.move_id._recouvrement_apply_doubtful_payment(self.line_ids, date=self.date)
        return {"type": "ir.actions.act_window_close"}
