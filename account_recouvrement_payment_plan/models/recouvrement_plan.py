from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..lib.plan import exceeds_legal_term

PLAN_STATES = [
    ("draft", "Draft"),
    ("proposed", "Proposed"),
    ("active", "Active"),
    ("done", "Done"),
    ("breached", "Breached"),
    ("cancelled", "Cancelled"),
]
INTERVAL_SELECTION = [
    ("week", "Weekly"),
    ("month", "Monthly"),
    ("quarter", "Quarterly"),
]
DEFAULT_GRACE_DAYS = 5
# what makes the schedule: changed only while the plan is a draft
SCHEDULE_FIELDS = {
    "partner_id",
    "company_id",
    "currency_id",
    "move_ids",
    "amount_total",
    "down_payment",
    "installment_count",
    "interval",
    "first_date",
}


class RecouvrementPlan(models.Model):
    """A payment plan (échéancier): the customer pays the overdue invoices
    it covers in instalments. Signed, it is an acknowledgement of debt
    (prescription restarts, art. 2240 C. civ.); while it is honoured the
    invoices leave the ordinary dunning and bear no late interest (unless
    told otherwise); one instalment left unpaid after a reminder and a
    further delay breaches it, and the whole balance falls due at once
    (déchéance du terme)."""

    _name = "recouvrement.plan"
    _description = "Payment Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "recouvrement.plan.terms",
        "recouvrement.plan.workflow",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    date = fields.Date(
        string="Made on",
        required=True,
        readonly=True,
        copy=False,
        default=fields.Date.context_today,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_recipient_id",
        help="The customer's invoicing contact when it has an email, else the "
        "customer.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit controller",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who follows the plan: the breach activity is theirs.",
    )
    move_ids = fields.Many2many(
        comodel_name="account.move",
        relation="recouvrement_plan_account_move_rel",
        column1="plan_id",
        column2="move_id",
        string="Invoices",
        check_company=True,
        copy=False,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id), "
        "('currency_id', '=', currency_id), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    move_count = fields.Integer(
        string="Number of invoices",
        compute="_compute_move_count",
    )
    amount_total = fields.Monetary(
        string="Amount scheduled",
        currency_field="currency_id",
        readonly=True,
        tracking=True,
        help="What the invoices had left to pay when the schedule was computed.",
    )
    amount_residual = fields.Monetary(
        string="Still due",
        currency_field="currency_id",
        compute="_compute_amount_residual",
        store=True,
        help="What the invoices have left to pay today.",
    )
    amount_paid = fields.Monetary(
        string="Paid since the plan",
        currency_field="currency_id",
        compute="_compute_amount_paid",
        store=True,
        help="Payments, credit notes and write-offs on the invoices since the "
        "plan was made: they go to the instalments, oldest first.",
    )
    amount_late = fields.Monetary(
        string="Late",
        currency_field="currency_id",
        compute="_compute_late",
    )
    down_payment = fields.Monetary(
        currency_field="currency_id",
        help="Paid first, on the first date; the instalments follow.",
    )
    installment_count = fields.Integer(
        string="Number of instalments",
        default=3,
        help="Number of equal instalments (the down payment apart).",
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
        default=lambda self: fields.Date.context_today(self),
    )
    grace_days = fields.Integer(
        string="Grace (days)",
        default=DEFAULT_GRACE_DAYS,
        help="Days an instalment may be late before the customer gets a reminder.",
    )
    suspend_interest = fields.Boolean(
        string="Suspend late interest",
        default=True,
        help="No late interest is charged on the invoices while the plan is honoured.",
    )
    line_ids = fields.One2many(
        comodel_name="recouvrement.plan.line",
        inverse_name="plan_id",
        string="Instalments",
        copy=False,
    )
    late_line_ids = fields.One2many(
        comodel_name="recouvrement.plan.line",
        compute="_compute_late",
        string="Late instalments",
    )
    next_line_id = fields.Many2one(
        comodel_name="recouvrement.plan.line",
        compute="_compute_late",
        string="Next instalment",
    )
    lines_total = fields.Monetary(
        string="Total of the instalments",
        currency_field="currency_id",
        compute="_compute_lines_total",
    )
    lines_warning = fields.Char(
        compute="_compute_lines_total",
        help="Why the plan cannot be proposed yet: its instalments do not add up "
        "to the amount scheduled.",
    )
    end_date = fields.Date(
        string="Last due date",
        compute="_compute_lines_total",
    )
    beyond_legal_term = fields.Boolean(
        string="Beyond two years",
        compute="_compute_lines_total",
        help="Art. 1343-5 C. civ.: a judge grants at most two years of grace.",
    )
    state = fields.Selection(
        selection=PLAN_STATES,
        required=True,
        default="draft",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    signed_date = fields.Date(
        string="Signed on",
        copy=False,
        tracking=True,
        help="The day the customer signed the plan: the prescription of the "
        "invoices restarts from it.",
    )
    proposal_date = fields.Date(
        string="Proposed on",
        readonly=True,
        copy=False,
    )
    proposal_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Proposal letter",
        readonly=True,
        copy=False,
    )
    breach_date = fields.Date(
        string="Breached on",
        readonly=True,
        copy=False,
    )
    close_date = fields.Date(
        string="Closed on",
        readonly=True,
        copy=False,
        help="The day the plan stopped covering its invoices: paid off, breached, "
        "or cancelled once signed (empty for a plan given up before it was "
        "signed). The receivables workbook rebuilds the plans of a past date "
        "from it and the signature date.",
    )
    breach_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Acceleration notice",
        readonly=True,
        copy=False,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id.child_ids.email", "partner_id.email")
    def _compute_recipient_id(self):
        for plan in self:
            invoice_contact = plan.partner_id.child_ids.filtered(
                lambda p: p.type == "invoice" and p.email
            )[:1]
            plan.recipient_id = invoice_contact or plan.partner_id

    @api.depends("move_ids")
    def _compute_move_count(self):
        for plan in self:
            plan.move_count = len(plan.move_ids)

    @api.depends("move_ids.amount_residual")
    def _compute_amount_residual(self):
        for plan in self:
            plan.amount_residual = plan.currency_id.round(
                sum(plan.move_ids.mapped("amount_residual"))
            )

    @api.depends("amount_total", "amount_residual")
    def _compute_amount_paid(self):
        for plan in self:
            plan.amount_paid = max(
                plan.currency_id.round(plan.amount_total - plan.amount_residual), 0.0
            )

    @api.depends("line_ids.state", "line_ids.amount_residual")
    def _compute_late(self):
        for plan in self:
            lines = plan.line_ids.sorted(lambda line: (line.date_due, line.sequence))
            late = lines.filtered(lambda line: line.state == "late")
            plan.late_line_ids = late
            plan.amount_late = sum(late.mapped("amount_residual"))
            plan.next_line_id = lines.filtered(lambda line: line.state == "open")[:1]

    @api.depends(
        "line_ids.amount", "line_ids.date_due", "date", "amount_total", "state"
    )
    def _compute_lines_total(self):
        for plan in self:
            plan.lines_total = plan.currency_id.round(
                sum(plan.line_ids.mapped("amount"))
            )
            plan.lines_warning = (
                plan.state == "draft"
                and plan.line_ids
                and plan.currency_id.compare_amounts(
                    plan.lines_total, plan.amount_total
                )
                and self.env._(
                    "The instalments add up to %(lines)s, not to the amount "
                    "scheduled (%(total)s).",
                    lines=plan.currency_id.format(plan.lines_total),
                    total=plan.currency_id.format(plan.amount_total),
                )
            ) or False
            plan.end_date = max(plan.line_ids.mapped("date_due"), default=False)
            plan.beyond_legal_term = exceeds_legal_term(plan.date, plan.end_date)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains(
        "amount_total",
        "down_payment",
        "installment_count",
        "grace_days",
        "first_date",
        "date",
    )
    def _check_terms(self):
        for plan in self:
            currency = plan.currency_id
            if currency.compare_amounts(plan.amount_total, 0) <= 0:
                raise ValidationError(
                    self.env._("The amount scheduled must be positive.")
                )
            if plan.installment_count < 1:
                raise ValidationError(
                    self.env._("A payment plan needs at least one instalment.")
                )
            if currency.compare_amounts(plan.down_payment, 0) < 0 or (
                currency.compare_amounts(plan.down_payment, plan.amount_total) >= 0
            ):
                raise ValidationError(plan._down_payment_message())
            if not 0 <= plan.grace_days <= 90:
                raise ValidationError(
                    self.env._("The grace period must be between 0 and 90 days.")
                )
            if plan.first_date < plan.date:
                raise ValidationError(
                    self.env._(
                        "The first instalment cannot fall due before the plan is "
                        "made (%(date)s).",
                        date=format_date(self.env, plan.date),
                    )
                )

    def _down_payment_message(self):
        return self.env._(
            "The down payment must be less than the amount scheduled "
            "(%(total)s), and not negative.",
            total=self.currency_id.format(self.amount_total),
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            moves = self.new({"move_ids": vals.get("move_ids", [])}).move_ids._origin
            if moves:
                vals.setdefault("partner_id", moves[0].commercial_partner_id.id)
                vals.setdefault("currency_id", moves[0].currency_id.id)
                vals.setdefault("company_id", moves[0].company_id.id)
                if "amount_total" not in vals:
                    vals["amount_total"] = moves[0].currency_id.round(
                        sum(moves.mapped("amount_residual"))
                    )
            # refused before anything is created
            self.new(vals)._check_moves()
        plans = super().create(vals_list)
        for plan in plans:
            plan.name = self.env["ir.sequence"].next_by_code("recouvrement.plan") or "/"
            if not plan.line_ids:
                plan._replace_lines()
        return plans

    def write(self, vals):
        if SCHEDULE_FIELDS & set(vals) and self.filtered(
            lambda plan: plan.state != "draft"
        ):
            raise UserError(
                self.env._(
                    "The invoices and the terms of a payment plan are changed only "
                    "while it is a draft."
                )
            )
        result = super().write(vals)
        if "move_ids" in vals:
            self._check_moves()
            if "amount_total" not in vals:
                for plan in self:
                    plan.amount_total = plan.amount_residual
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never_once_proposed(self):
        if self.filtered(lambda plan: plan.state != "draft" or plan.proposal_date):
            raise UserError(
                self.env._(
                    "Payment plans are kept for the history once proposed: cancel "
                    "them instead of deleting them."
                )
            )

    @api.onchange("move_ids")
    def _onchange_move_ids(self):
        if self.state == "draft":
            self.amount_total = self.currency_id.round(
                sum(self.move_ids.mapped("amount_residual"))
            )

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.move_ids.ids)]
        action["context"] = {"create": False}
        return action
