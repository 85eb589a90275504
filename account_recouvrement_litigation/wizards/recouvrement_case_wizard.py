from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..lib.litigation import PROCEDURES


class RecouvrementCaseWizard(models.TransientModel):
    """Open a litigation case on a customer's overdue invoices in one
    currency, from an invoice, selected invoices, a reminder or the
    customer. The module proposes the procedure; the user chooses."""

    _name = "recouvrement.case.wizard"
    _inherit = ["recouvrement.invoice.selection"]
    _description = "Open a litigation case"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        domain="[('parent_id', '=', False)]",
    )
    debtor_type = fields.Selection(
        related="partner_id.recouvrement_debtor_type",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    move_ids = fields.Many2many(
        comodel_name="account.move",
        relation="recouvrement_case_wizard_move_rel",
        column1="wizard_id",
        column2="move_id",
        string="Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id), "
        "('currency_id', '=', currency_id), ('company_id', '=', company_id), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    amount_residual = fields.Monetary(
        string="Principal",
        currency_field="currency_id",
        compute="_compute_claim",
    )
    amount_interest = fields.Monetary(
        string="Interest to date",
        currency_field="currency_id",
        compute="_compute_claim",
    )
    amount_claim = fields.Monetary(
        string="Claim, interest included",
        currency_field="currency_id",
        compute="_compute_claim",
    )
    proposed_procedure = fields.Selection(
        selection=PROCEDURES,
        compute="_compute_claim",
        help="Small claims (CPCE L125-1) up to 5 000 € interest included; "
        "otherwise an injonction de payer before the tribunal de commerce "
        "against a professional (Cerfa 12946), before the tribunal judiciaire "
        "against a consumer (Cerfa 12948).",
    )
    procedure = fields.Selection(
        selection=PROCEDURES,
        compute="_compute_procedure",
        store=True,
        readonly=False,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit controller",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    lawyer_id = fields.Many2one(
        comodel_name="res.partner",
    )
    bailiff_id = fields.Many2one(
        comodel_name="res.partner",
        string="Commissaire de justice",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        moves, partner, currency = self._selected_invoices()
        if partner:
            values["partner_id"] = partner.id
        if currency:
            values["currency_id"] = currency.id
        if moves:
            values["company_id"] = moves.company_id[:1].id
        values["move_ids"] = [Command.set(moves.ids)]
        return values

    @api.model
    def _overdue_moves(self, partner, currency, company):
        """Not those already in an open litigation case."""
        return (
            super()
            ._overdue_moves(partner, currency, company)
            .filtered(
                lambda move: (
                    not move.recouvrement_case_ids.filtered(
                        lambda case: case.state == "open"
                    )
                )
            )
        )

    @api.depends("move_ids", "partner_id", "currency_id", "company_id")
    def _compute_claim(self):
        for wizard in self:
            moves = wizard.move_ids._origin.filtered(
                lambda m: m.state == "posted" and m.move_type == "out_invoice"
            )
            if not moves:
                wizard.update(
                    {
                        "amount_residual": 0.0,
                        "amount_interest": 0.0,
                        "amount_claim": 0.0,
                        "proposed_procedure": False,
                    }
                )
                continue
            case = self.env["recouvrement.case"].new(
                {
                    "partner_id": wizard.partner_id.id,
                    "company_id": wizard.company_id.id,
                    "currency_id": wizard.currency_id.id,
                    "move_ids": [Command.set(moves.ids)],
                }
            )
            statement = case._statement()
            wizard.update(
                {
                    "amount_residual": statement["principal"],
                    "amount_interest": statement["interest"],
                    "amount_claim": statement["principal"] + statement["interest"],
                    "proposed_procedure": case._propose_procedure(statement),
                }
            )

    @api.depends("proposed_procedure")
    def _compute_procedure(self):
        for wizard in self:
            wizard.procedure = wizard.proposed_procedure

    def action_confirm(self):
        """The case created and opened: the invoices leave the dunning."""
        self.ensure_one()
        if not self.move_ids:
            raise UserError(
                self.env._("Choose the invoices the litigation case is about.")
            )
        case = self.env["recouvrement.case"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "user_id": self.user_id.id,
                "lawyer_id": self.lawyer_id.id,
                "bailiff_id": self.bailiff_id.id,
                "procedure": self.procedure,
                "move_ids": [Command.set(self.move_ids.ids)],
            }
        )
        case.action_open()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_litigation.action_recouvrement_case"
        )
        action.update(
            {"view_mode": "form", "views": [(False, "form")], "res_id": case.id}
        )
        return action
