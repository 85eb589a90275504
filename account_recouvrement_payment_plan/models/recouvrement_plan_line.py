from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib.plan import allocate

LINE_STATES = [
    ("open", "Open"),
    ("paid", "Paid"),
    ("late", "Late"),
]
REMINDER_STATES = [
    ("notice", "Courtesy notice"),
    ("reminder", "Reminder"),
]
# what the customer signs: changed only while the plan is a draft
SCHEDULE_LINE_FIELDS = {"plan_id", "sequence", "date_due", "amount"}


class RecouvrementPlanLine(models.Model):
    """One instalment of a payment plan. What it has received is not typed:
    the payments on the plan's invoices go to the instalments oldest first
    (``lib.plan.allocate``)."""

    _name = "recouvrement.plan.line"
    _description = "Payment Plan Instalment"
    _order = "plan_id, sequence, date_due, id"

    plan_id = fields.Many2one(
        comodel_name="recouvrement.plan",
        string="Payment plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(
        default=10,
    )
    date_due = fields.Date(
        string="Due date",
        required=True,
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        required=True,
    )
    currency_id = fields.Many2one(
        related="plan_id.currency_id",
    )
    company_id = fields.Many2one(
        related="plan_id.company_id",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one(
        related="plan_id.partner_id",
        string="Customer",
    )
    plan_state = fields.Selection(
        related="plan_id.state",
        string="Plan status",
    )
    amount_paid = fields.Monetary(
        string="Paid",
        currency_field="currency_id",
        compute="_compute_allocation",
        store=True,
    )
    amount_residual = fields.Monetary(
        string="Left to pay",
        currency_field="currency_id",
        compute="_compute_allocation",
        store=True,
    )
    state = fields.Selection(
        selection=LINE_STATES,
        compute="_compute_allocation",
        store=True,
        index=True,
        help="Late once past its due date with something left to pay.",
    )
    reminder_state = fields.Selection(
        selection=REMINDER_STATES,
        string="Last reminder",
        readonly=True,
        copy=False,
        help="The last message sent about this instalment: never the same twice.",
    )
    reminder_date = fields.Date(
        string="Reminded on",
        readonly=True,
        copy=False,
    )

    @api.depends(
        "plan_id.amount_paid",
        "plan_id.line_ids.amount",
        "plan_id.line_ids.date_due",
        "plan_id.line_ids.sequence",
    )
    def _compute_allocation(self):
        today = fields.Date.context_today(self)
        for plan in self.plan_id:
            lines = plan.line_ids.sorted(
                lambda line: (line.date_due or fields.Date.today(), line.sequence)
            )
            allocations = allocate(
                [(line.date_due, line.amount) for line in lines],
                plan.amount_paid,
                today,
                plan.currency_id.decimal_places,
            )
            for line, allocation in zip(lines, allocations, strict=True):
                if line in self:
                    line.amount_paid = allocation.amount_paid
                    line.amount_residual = allocation.amount_residual
                    line.state = allocation.state
        for line in self.filtered(lambda line: not line.plan_id):
            line.amount_paid = 0.0
            line.amount_residual = line.amount
            line.state = "open"

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.currency_id.compare_amounts(line.amount, 0) <= 0:
                raise ValidationError(
                    self.env._("Each instalment of a payment plan must be positive.")
                )

    def _check_draft(self):
        if self.plan_id.filtered(lambda plan: plan.state != "draft"):
            raise UserError(
                self.env._(
                    "The instalments of a payment plan are changed only while it "
                    "is a draft."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_draft()
        return lines

    def write(self, vals):
        if SCHEDULE_LINE_FIELDS & set(vals):
            self._check_draft()
        result = super().write(vals)
        if "plan_id" in vals:
            self._check_draft()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self._check_draft()
