from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .recouvrement_dispute_reason import DEFAULT_DEADLINE_DAYS
from .recouvrement_dispute_workflow import TODO_ACTIVITY

DISPUTE_STATES = [
    ("open", "Open"),
    ("justified", "Justified"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class RecouvrementDispute(models.Model):
    """A customer contests an invoice: the invoice leaves the dunning (and
    only it: the customer's other invoices go on) until the dispute is
    settled, with an owner and a deadline. Justified, it ends with a credit
    note; rejected, the invoice is chased again at the level it had, late
    from its original due date (the penalties ran all along, L441-10)."""

    _name = "recouvrement.dispute"
    _description = "Invoice Dispute"
    _inherit = ["mail.thread", "mail.activity.mixin", "recouvrement.dispute.workflow"]
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
