from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..lib.plan import ScheduleError, exceeds_legal_term, schedule

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
PROPOSAL_REPORT = "account_recouvrement_base.action_report_recouvrement_plan_proposal"
PROPOSAL_TEMPLATE = "account_recouvrement_base.mail_template_plan_proposal"
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
    _inherit = ["mail.thread", "mail.activity.mixin"]
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

    def _check_moves(self, paid_ok=False):
        """The invoices a plan may cover: posted customer invoices of its
        customer, in its currency and company, not paid (unless
        ``paid_ok``), not disputed, under no other active plan."""
        for plan in self:
            moves = plan.move_ids
            if not moves:
                raise UserError(
                    self.env._("Choose the invoices the payment plan covers.")
                )
            wrong = moves.filtered(
                lambda move: move.move_type != "out_invoice" or move.state != "posted"
            )
            if wrong:
                raise UserError(
                    self.env._(
                        "A payment plan covers posted customer invoices only, not "
                        "%(names)s.",
                        names=", ".join(wrong.mapped("display_name")),
                    )
                )
            if len(moves.commercial_partner_id) > 1 or (
                moves.commercial_partner_id != plan.partner_id.commercial_partner_id
            ):
                raise UserError(
                    self.env._(
                        "A payment plan covers the invoices of one customer: "
                        "%(customers)s.",
                        customers=", ".join(
                            moves.commercial_partner_id.mapped("display_name")
                        ),
                    )
                )
            if len(moves.currency_id) > 1 or moves.currency_id != plan.currency_id:
                raise UserError(
                    self.env._(
                        "A payment plan covers invoices in one currency: "
                        "%(currencies)s.",
                        currencies=", ".join(moves.currency_id.mapped("name")),
                    )
                )
            if moves.company_id != plan.company_id:
                raise UserError(
                    self.env._(
                        "A payment plan covers invoices of its own company only."
                    )
                )
            for move in moves:
                plan._check_move(move, paid_ok)

    def _check_move(self, move, paid_ok):
        if not paid_ok and move.currency_id.is_zero(move.amount_residual):
            raise UserError(
                self.env._(
                    "%(invoice)s is paid: there is nothing left to schedule.",
                    invoice=move.name,
                )
            )
        if move.recouvrement_dispute_id:
            raise UserError(
                self.env._(
                    "%(invoice)s is disputed (%(dispute)s): settle the dispute "
                    "before scheduling its payment.",
                    invoice=move.name,
                    dispute=move.recouvrement_dispute_id.name,
                )
            )
        move._recouvrement_check_collectable()
        other = move.recouvrement_plan_id
        if other and other != self:
            raise UserError(
                self.env._(
                    "%(invoice)s is already under the active payment plan %(plan)s.",
                    invoice=move.name,
                    plan=other.name,
                )
            )

    def _check_lines(self):
        """The schedule as it will be signed: instalments, each positive and
        due once the plan is made, adding up to the amount scheduled."""
        for plan in self:
            currency = plan.currency_id
            if not plan.line_ids:
                raise UserError(
                    self.env._(
                        "%(plan)s has no instalment: compute the schedule.",
                        plan=plan.name,
                    )
                )
            for line in plan.line_ids:
                if currency.compare_amounts(line.amount, 0) <= 0:
                    raise UserError(
                        self.env._(
                            "Each instalment must be positive (instalment due on "
                            "%(date)s).",
                            date=format_date(self.env, line.date_due),
                        )
                    )
                if line.date_due < plan.date:
                    raise UserError(
                        self.env._(
                            "An instalment cannot fall due on %(date)s, before the "
                            "plan is made (%(made)s).",
                            date=format_date(self.env, line.date_due),
                            made=format_date(self.env, plan.date),
                        )
                    )
            if currency.compare_amounts(plan.lines_total, plan.amount_total):
                raise UserError(
                    self.env._(
                        "The instalments add up to %(lines)s, not to the amount "
                        "scheduled (%(total)s): correct them or recompute the "
                        "schedule.",
                        lines=currency.format(plan.lines_total),
                        total=currency.format(plan.amount_total),
                    )
                )

    def _check_residual_unchanged(self):
        """Before the customer signs, the plan schedules exactly what the
        invoices have left to pay."""
        for plan in self:
            if plan.currency_id.compare_amounts(
                plan.amount_total, plan.amount_residual
            ):
                raise UserError(
                    self.env._(
                        "The invoices now have %(residual)s left to pay, not the "
                        "%(total)s scheduled: recompute the schedule.",
                        residual=plan.currency_id.format(plan.amount_residual),
                        total=plan.currency_id.format(plan.amount_total),
                    )
                )

    def _check_state(self, allowed):
        wrong = self.filtered(lambda plan: plan.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "This cannot be done on a payment plan that is %(state)s "
                    "(%(names)s).",
                    state=states[wrong[0].state].lower(),
                    names=", ".join(wrong.mapped("name")),
                )
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
    # Schedule
    # ------------------------------------------------------------------

    def _replace_lines(self):
        """The instalments computed from the terms, instead of the lines."""
        self.ensure_one()
        currency = self.currency_id
        try:
            instalments = schedule(
                self.amount_total,
                self.installment_count,
                self.interval,
                self.first_date,
                currency.decimal_places,
                self.down_payment,
            )
        except ScheduleError as error:
            raise UserError(self._schedule_error(error.code)) from error
        self.line_ids = [Command.delete(line.id) for line in self.line_ids] + [
            Command.create(
                {
                    "sequence": instalment.sequence,
                    "date_due": instalment.date_due,
                    "amount": instalment.amount,
                }
            )
            for instalment in instalments
        ]

    def _schedule_error(self, code):
        currency = self.currency_id
        if code == "amount":
            return self.env._("The amount scheduled must be positive.")
        if code == "count":
            return self.env._("A payment plan needs at least one instalment.")
        if code == "down_payment":
            return self._down_payment_message()
        if code == "too_many":
            return self.env._(
                "%(count)s instalments are too many for %(total)s: each would be "
                "less than the currency's smallest unit.",
                count=self.installment_count,
                total=currency.format(self.amount_total - self.down_payment),
            )
        return self.env._("Choose weekly, monthly or quarterly instalments.")

    def action_compute_lines(self):
        """The schedule computed again from the terms, for what the invoices
        have left to pay today (the lines typed by hand are replaced)."""
        self._check_state(("draft",))
        for plan in self:
            plan._check_moves()
            plan.amount_total = plan.amount_residual
            plan._replace_lines()
        return True

    # ------------------------------------------------------------------
    # Proposal
    # ------------------------------------------------------------------

    def action_propose(self):
        """The proposal letter (an acknowledgement of debt for the customer
        to sign) rendered and archived on the plan; then, for one plan whose
        customer has an email, Odoo's composer with the letter attached."""
        self._check_state(("draft",))
        self._check_moves()
        self._check_lines()
        self._check_residual_unchanged()
        self.write(
            {"state": "proposed", "proposal_date": fields.Date.context_today(self)}
        )
        for plan in self:
            attachment = plan._render_proposal()
            plan.message_post(
                body=self.env._(
                    "Payment plan proposed: %(count)s instalments, %(total)s.",
                    count=len(plan.line_ids),
                    total=plan.currency_id.format(plan.amount_total),
                ),
                attachment_ids=attachment.ids,
            )
        if len(self) == 1 and self.recipient_id.email:
            return self._proposal_composer()
        return True

    def _render_proposal(self):
        self.ensure_one()
        name = self.env._(
            "Payment plan proposal %(reference)s - %(customer)s.pdf",
            reference=self.name,
            customer=self.partner_id.name,
        )
        return self.env["ir.actions.report"]._recouvrement_archive_pdf(
            PROPOSAL_REPORT, self, name, field="proposal_attachment_id"
        )

    def _proposal_composer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": self.env.ref(PROPOSAL_TEMPLATE).id,
                "default_composition_mode": "comment",
                "default_attachment_ids": [
                    Command.set(self.proposal_attachment_id.ids)
                ],
                "force_email": True,
            },
        }

    def action_send_proposal(self):
        """Send the proposal (again) by email."""
        self._check_state(("proposed",))
        return self._proposal_composer()

    def action_print_proposal(self):
        """The proposal letter as it was archived, to print and post."""
        self.ensure_one()
        if not self.proposal_attachment_id:
            raise UserError(self.env._("Propose the plan first."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.proposal_attachment_id.id}?download=true",
            "target": "download",
        }

    def action_draft(self):
        """The customer asks for other terms: back to draft."""
        self._check_state(("proposed",))
        self.write({"state": "draft"})
        return True

    # ------------------------------------------------------------------
    # Activation
    # ------------------------------------------------------------------

    def _lock(self, allowed):
        """Two users acting on the same plan: the second waits for the
        first, then finds its new state."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM recouvrement_plan WHERE id = ANY(%s) FOR UPDATE",
            [self.ids],
        )
        self.invalidate_recordset(["state"])
        self._check_state(allowed)

    def action_activate(self, signed_date=None):
        """The customer signed: the invoices leave the ordinary dunning while
        the plan is honoured, and their prescription restarts from the
        signature (art. 2240 C. civ.). Two plans activated at once on one
        invoice: the unique index on the active plan exclusions lets only
        one through."""
        self._lock(("draft", "proposed"))
        today = fields.Date.context_today(self)
        for plan in self:
            day = fields.Date.to_date(signed_date) or plan.signed_date or today
            if day > today:
                raise UserError(
                    self.env._(
                        "The plan cannot be signed on a future date (%(date)s).",
                        date=format_date(self.env, day),
                    )
                )
            if day < plan.date:
                raise UserError(
                    self.env._(
                        "The plan cannot be signed on %(date)s, before it was made "
                        "(%(made)s).",
                        date=format_date(self.env, day),
                        made=format_date(self.env, plan.date),
                    )
                )
            plan._check_moves(paid_ok=True)
            plan._check_lines()
            if plan.state == "draft":
                plan._check_residual_unchanged()
            if plan.currency_id.is_zero(plan.amount_residual):
                raise UserError(
                    self.env._(
                        "The invoices of %(plan)s are paid: there is nothing left "
                        "to schedule.",
                        plan=plan.name,
                    )
                )
            plan.write({"state": "active", "signed_date": day})
            plan.move_ids._recouvrement_exclude(
                self.env._("Payment plan %(plan)s", plan=plan.name),
                source="payment_plan",
                origin=plan,
                keep_level=True,
            )
            plan.move_ids.filtered(
                lambda move, d=day: (
                    not move.recouvrement_acknowledgement_date
                    or move.recouvrement_acknowledgement_date < d
                )
            ).write({"recouvrement_acknowledgement_date": day})
            plan.message_post(
                body=self.env._(
                    "Payment plan signed on %(date)s: the invoices leave the "
                    "dunning while it is honoured.",
                    date=format_date(self.env, day),
                )
            )
        return True

    # ------------------------------------------------------------------
    # End
    # ------------------------------------------------------------------

    def _release(self):
        for plan in self:
            plan.move_ids._recouvrement_include(source="payment_plan", origin=plan)

    def action_cancel(self):
        """Given up before it is signed, or ended by agreement: an active
        plan's invoices are chased again from the level they had."""
        self._lock(("draft", "proposed", "active"))
        active = self.filtered(lambda plan: plan.state == "active")
        (self - active).write({"state": "cancelled"})
        active.write(
            {"state": "cancelled", "close_date": fields.Date.context_today(self)}
        )
        active._release()
        return True

    def _mark_done(self, today=None):
        """Every invoice paid: the plan is honoured."""
        self.write(
            {"state": "done", "close_date": today or fields.Date.context_today(self)}
        )
        self._release()
        for plan in self:
            plan.message_post(body=self.env._("Every instalment is paid."))

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
