from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

DISPUTE_STATES = [
    ("open", "Open"),
    ("justified", "Justified"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
DEFAULT_DEADLINE_DAYS = 30
TODO_ACTIVITY = "mail.mail_activity_data_todo"
ACKNOWLEDGEMENT_TEMPLATE = (
    "account_recouvrement_base.mail_template_dispute_acknowledgement"
)
OUTCOME_TEMPLATE = "account_recouvrement_base.mail_template_dispute_outcome"


class RecouvrementDisputeReason(models.Model):
    _name = "recouvrement.dispute.reason"
    _description = "Dispute Reason"
    _order = "sequence, id"

    name = fields.Char(
        required=True,
        translate=True,
    )
    sequence = fields.Integer(
        default=10,
    )
    deadline_days = fields.Integer(
        string="Days to resolve",
        default=DEFAULT_DEADLINE_DAYS,
        help="The deadline proposed for a dispute of this reason, in days from "
        "its opening.",
    )
    active = fields.Boolean(
        default=True,
    )

    @api.constrains("name", "deadline_days")
    def _check_reason(self):
        for reason in self:
            if not (reason.name or "").strip():
                raise ValidationError(self.env._("A dispute reason needs a name."))
            if not 1 <= reason.deadline_days <= 365:
                raise ValidationError(
                    self.env._(
                        "The days to resolve a dispute must be between 1 and 365."
                    )
                )


class RecouvrementDispute(models.Model):
    """A customer contests an invoice: the invoice leaves the dunning (and
    only it: the customer's other invoices go on) until the dispute is
    settled, with an owner and a deadline. Justified, it ends with a credit
    note; rejected, the invoice is chased again at the level it had, late
    from its original due date (the penalties ran all along, L441-10)."""

    _name = "recouvrement.dispute"
    _description = "Invoice Dispute"
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
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    company_id = fields.Many2one(
        related="move_id.company_id",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    currency_id = fields.Many2one(
        related="move_id.currency_id",
    )
    move_residual = fields.Monetary(
        related="move_id.amount_residual",
        string="Invoice residual",
        currency_field="currency_id",
    )
    reason_id = fields.Many2one(
        comodel_name="recouvrement.dispute.reason",
        required=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who settles the dispute by its deadline.",
    )
    date = fields.Date(
        string="Opened on",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
    )
    deadline = fields.Date(
        required=True,
        tracking=True,
    )
    amount = fields.Monetary(
        string="Disputed amount",
        currency_field="currency_id",
        required=True,
        tracking=True,
        help="What the customer contests (the invoice's residual by default).",
    )
    description = fields.Text(
        help="What the customer says.",
    )
    state = fields.Selection(
        selection=DISPUTE_STATES,
        required=True,
        default="open",
        readonly=True,
        index=True,
        tracking=True,
    )
    resolution_note = fields.Text(
        tracking=True,
    )
    resolution_date = fields.Date(
        string="Settled on",
        readonly=True,
        copy=False,
    )
    credit_note_id = fields.Many2one(
        comodel_name="account.move",
        string="Credit note",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    is_overdue = fields.Boolean(
        string="Past its deadline",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )
    signatory_name = fields.Char(
        string="Signed by",
        compute="_compute_signatory",
        help="Who signs the emails to the customer: the company's signatory of "
        "the reminders when set, else the dispute's owner.",
    )
    signatory_title = fields.Char(
        string="Signatory's title",
        compute="_compute_signatory",
    )

    _one_open_per_invoice = models.UniqueIndex(
        "(move_id) WHERE state = 'open'",
        "This invoice already has an open dispute.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("amount", "deadline", "date")
    def _check_amount_and_deadline(self):
        for dispute in self:
            if dispute.currency_id.compare_amounts(dispute.amount, 0) <= 0:
                raise ValidationError(
                    self.env._("The disputed amount must be positive.")
                )
            if dispute.deadline and dispute.deadline < dispute.date:
                raise ValidationError(
                    self.env._(
                        "The deadline of a dispute cannot be before the day it "
                        "was opened."
                    )
                )
            if (
                dispute.state == "open"
                and dispute.currency_id.compare_amounts(
                    dispute.amount, dispute.move_id.amount_residual
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The disputed amount (%(amount)s) cannot exceed what "
                        "remains due on %(invoice)s (%(residual)s).",
                        amount=dispute.currency_id.format(dispute.amount),
                        invoice=dispute.move_id.name,
                        residual=dispute.currency_id.format(
                            dispute.move_id.amount_residual
                        ),
                    )
                )

    def _check_disputable(self, moves):
        """Refuse a dispute on what is not an open posted customer invoice,
        or on an invoice already disputed."""
        for move in moves:
            if move.move_type != "out_invoice" or move.state != "posted":
                raise UserError(
                    self.env._(
                        "Only posted customer invoices can be disputed, not "
                        "%(document)s.",
                        document=move.display_name,
                    )
                )
            if move.currency_id.is_zero(move.amount_residual):
                raise UserError(
                    self.env._(
                        "%(invoice)s is paid: there is nothing left to dispute.",
                        invoice=move.name,
                    )
                )
            if move.recouvrement_dispute_id:
                raise UserError(
                    self.env._(
                        "%(invoice)s already has an open dispute (%(dispute)s).",
                        invoice=move.name,
                        dispute=move.recouvrement_dispute_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "user_id",
        "company_id.recouvrement_signatory_name",
        "company_id.recouvrement_signatory_title",
    )
    def _compute_signatory(self):
        for dispute in self:
            dispute.signatory_name, dispute.signatory_title = (
                dispute.company_id._recouvrement_signatory(dispute.user_id)
            )

    @api.depends("state", "deadline")
    @api.depends_context("date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for dispute in self:
            dispute.is_overdue = dispute.state == "open" and dispute.deadline < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue disputes."))
        domain = [
            ("state", "=", "open"),
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        moves = self.env["account.move"].browse(
            [vals.get("move_id") for vals in vals_list]
        )
        if len(set(moves.ids)) != len(vals_list):
            raise UserError(self.env._("One dispute per invoice."))
        self._check_disputable(moves)
        today = fields.Date.context_today(self)
        reasons = self.env["recouvrement.dispute.reason"]
        for vals, move in zip(vals_list, moves, strict=True):
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("recouvrement.dispute") or "/"
                )
            if "amount" not in vals:
                vals["amount"] = move.amount_residual
            if not vals.get("deadline"):
                reason = reasons.browse(vals.get("reason_id"))
                vals["deadline"] = fields.Date.to_date(
                    vals.get("date") or today
                ) + timedelta(days=reason.deadline_days or DEFAULT_DEADLINE_DAYS)
        disputes = super().create(vals_list)
        # the invoices leave the dunning, kept at their level (a rejected
        # dispute resumes there): one exclusion each, made in one batch
        self.env["recouvrement.exclusion"].create(
            [
                {
                    "move_id": dispute.move_id.id,
                    "reason": dispute._exclusion_reason(),
                    "source": "dispute",
                    "origin_ref": f"{dispute._name},{dispute.id}",
                }
                for dispute in disputes
            ]
        )
        self.env["recouvrement.communication"]._withdraw_invoices(
            disputes.move_id, self.env._("disputed")
        )
        for dispute in disputes:
            dispute.activity_schedule(
                TODO_ACTIVITY,
                date_deadline=dispute.deadline,
                summary=self.env._(
                    "Settle the dispute on %(invoice)s", invoice=dispute.move_id.name
                ),
                user_id=dispute.user_id.id,
            )
        return disputes

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Disputes are kept for the history: cancel them instead of "
                "deleting them."
            )
        )

    def _exclusion_reason(self):
        return self.env._(
            "Dispute %(dispute)s: %(reason)s",
            dispute=self.name,
            reason=self.reason_id.name,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _check_open(self):
        closed = self.filtered(lambda dispute: dispute.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "These disputes are already settled: %(names)s.",
                    names=", ".join(closed.mapped("name")),
                )
            )

    def _lock(self):
        """Two users settling the same dispute: the second waits for the
        first, then finds it settled."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM recouvrement_dispute WHERE id = ANY(%s) FOR UPDATE",
            [self.ids],
        )
        self.invalidate_recordset(["state"])
        self._check_open()

    def _close(self, state, **vals):
        self.write(
            {
                "state": state,
                "resolution_date": fields.Date.context_today(self),
                **vals,
            }
        )
        self.activity_unlink([TODO_ACTIVITY])

    def action_resolve_justified(self, amount=None):
        """The customer is right: a credit note in draft, for the disputed
        amount (or ``amount``), for a manager to review and post. The
        invoice stays out of dunning until the credit note is posted; then
        what remains due is chased again."""
        self._lock()
        for dispute in self:
            credit = dispute.amount if amount is None else amount
            currency = dispute.currency_id
            if currency.compare_amounts(credit, 0) <= 0 or (
                currency.compare_amounts(credit, dispute.move_id.amount_residual) > 0
            ):
                raise UserError(
                    self.env._(
                        "The credit note of %(dispute)s must be positive and at "
                        "most what remains due (%(residual)s).",
                        dispute=dispute.name,
                        residual=currency.format(dispute.move_id.amount_residual),
                    )
                )
            credit_note = dispute._create_credit_note(credit)
            dispute._close("justified", credit_note_id=credit_note.id, amount=credit)
            dispute.move_id.recouvrement_exclusion_ids.filtered(
                lambda exc, d=dispute: exc.active and exc.origin_ref == d
            ).write(
                {
                    "reason": self.env._(
                        "Dispute %(dispute)s justified: credit note %(credit_note)s "
                        "to post",
                        dispute=dispute.name,
                        credit_note=credit_note.display_name,
                    )
                }
            )
        return True

    def _create_credit_note(self, amount):
        """The invoice reversed in draft, scaled to ``amount`` (VAT
        included) when the dispute covers part of it."""
        self.ensure_one()
        move = self.move_id
        credit_note = move.sudo()._reverse_moves(
            [
                {
                    "ref": self.env._(
                        "Dispute %(dispute)s on %(invoice)s",
                        dispute=self.name,
                        invoice=move.name,
                    ),
                    "invoice_date": fields.Date.context_today(self),
                    "recouvrement_dispute_origin_id": self.id,
                }
            ],
            cancel=False,
        )
        if move.currency_id.compare_amounts(amount, move.amount_total) < 0:
            ratio = amount / move.amount_total
            credit_note.write(
                {
                    "invoice_line_ids": [
                        Command.update(
                            line.id,
                            {
                                "price_unit": move.currency_id.round(
                                    line.price_unit * ratio
                                )
                            },
                        )
                        for line in credit_note.invoice_line_ids
                        if line.display_type == "product"
                    ]
                }
            )
        return credit_note.sudo(False)

    def action_reject(self):
        """The customer is wrong: the invoice is chased again at the level
        it had, late from its original due date."""
        self._lock()
        self._close("rejected")
        self._release()
        return True

    def action_cancel(self):
        """Opened by mistake, or withdrawn by the customer."""
        self._lock()
        self._close("cancelled")
        self._release()
        return True

    def _release(self):
        for dispute in self:
            dispute.move_id._recouvrement_include(source="dispute", origin=dispute)

    def action_send_acknowledgement(self):
        """Tell the customer the dispute is registered (Odoo's composer, with
        the acknowledgement template)."""
        return self._composer(ACKNOWLEDGEMENT_TEMPLATE)

    def action_send_outcome(self):
        """Tell the customer how the dispute was settled."""
        if self.filtered(lambda dispute: dispute.state == "open"):
            raise UserError(
                self.env._(
                    "Settle the dispute before telling the customer its outcome."
                )
            )
        return self._composer(OUTCOME_TEMPLATE)

    def _composer(self, template_xmlid):
        self.ensure_one()
        template = self.env.ref(template_xmlid)
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
        }
