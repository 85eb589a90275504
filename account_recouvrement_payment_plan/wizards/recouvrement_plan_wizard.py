from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.recouvrement_plan import DEFAULT_GRACE_DAYS, INTERVAL_SELECTION


class RecouvrementPlanWizard(models.TransientModel):
    """Make a payment plan for a customer's overdue invoices in one currency
    (and, if wanted, the charges invoices already billed), from an invoice,
    selected invoices, a reminder or the customer."""

    _name = "recouvrement.plan.wizard"
    _inherit = ["recouvrement.invoice.selection"]
    _description = "Make a payment plan"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        domain="[('parent_id', '=', False)]",
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
        relation="recouvrement_plan_wizard_move_rel",
        column1="wizard_id",
        column2="move_id",
        string="Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id), "
        "('currency_id', '=', currency_id), ('company_id', '=', company_id), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    include_charges = fields.Boolean(
        string="Include the charges invoices",
        default=True,
        help="The late-payment charges already billed to the customer, still "
        "unpaid, scheduled with the invoices.",
    )
    amount_total = fields.Monetary(
        string="Amount scheduled",
        currency_field="currency_id",
        compute="_compute_amount_total",
    )
    down_payment = fields.Monetary(
        currency_field="currency_id",
    )
    installment_count = fields.Integer(
        string="Number of instalments",
        default=3,
    )
    interval = fields.Selection(
        selection=INTERVAL_SELECTION,
        string="Every",
        required=True,
        default="month",
    )
    first_date = fields.Date(
        string="First due date",
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=1),
    )
    grace_days = fields.Integer(
        string="Grace (days)",
        default=DEFAULT_GRACE_DAYS,
    )
    suspend_interest = fields.Boolean(
        string="Suspend late interest",
        default=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit controller",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
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
        if partner and currency and values.get("include_charges", True):
            moves |= self._charges_moves(
                partner, currency, moves.company_id[:1] or self.env.company
            )
        values["move_ids"] = [Command.set(moves.ids)]
        return values

    def _charges_moves(self, partner, currency, company):
        return self.env["account.move"].search(
            [
                *self._open_domain(partner, currency, company),
                ("recouvrement_is_charge", "=", True),
            ],
            order="invoice_date_due, name",
        )

    @api.depends("move_ids")
    def _compute_amount_total(self):
        for wizard in self:
            wizard.amount_total = wizard.currency_id.round(
                sum(wizard.move_ids.mapped("amount_residual"))
            )

    @api.onchange("include_charges")
    def _onchange_include_charges(self):
        charges = self._charges_moves(
            self.partner_id, self.currency_id, self.company_id
        )
        if self.include_charges:
            self.move_ids |= charges
        else:
            self.move_ids -= self.move_ids.filtered("recouvrement_is_charge")

    def action_confirm(self):
        """The plan in draft, with its schedule computed."""
        self.ensure_one()
        if not self.move_ids:
            raise UserError(self.env._("Choose the invoices the payment plan covers."))
        plan = self.env["recouvrement.plan"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "user_id": self.user_id.id,
                "move_ids": [Command.set(self.move_ids.ids)],
                "down_payment": self.down_payment,
                "installment_count": self.installment_count,
                "interval": self.interval,
                "first_date": self.first_date,
                "grace_days": self.grace_days,
                "suspend_interest": self.suspend_interest,
            }
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_payment_plan.action_recouvrement_plan"
        )
        action.update(
            {"view_mode": "form", "views": [(False, "form")], "res_id": plan.id}
        )
        return action
