from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .recouvrement_communication_send import LETTER_REPORT

COMMUNICATION_STATES = [
    ("to_review", "To review"),
    ("sent", "Sent"),
    ("error", "Error"),
    ("postponed", "Postponed"),
    ("cancelled", "Cancelled"),
]


class RecouvrementCommunication(models.Model):
    """One reminder to one customer, at one level, in one currency, on one
    run date, grouping that customer's overdue invoices."""

    _name = "recouvrement.communication"
    _description = "Dunning Communication"
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
        string="Run date",
        required=True,
        readonly=True,
        index=True,
        default=fields.Date.context_today,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        help="The commercial partner whose invoices are concerned.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        index=True,
        help="The customer's salesperson.",
    )
    policy_id = fields.Many2one(
        comodel_name="recouvrement.policy",
        string="Dunning policy",
        required=True,
        readonly=True,
        check_company=True,
    )
    level_id = fields.Many2one(
        comodel_name="recouvrement.level",
        string="Dunning level",
        required=True,
        readonly=True,
        index=True,
        check_company=True,
    )
    is_formal_notice = fields.Boolean(
        related="level_id.is_formal_notice",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        selection=COMMUNICATION_STATES,
        required=True,
        default="to_review",
        readonly=True,
        index=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        comodel_name="recouvrement.communication.line",
        inverse_name="communication_id",
        string="Invoices",
        readonly=True,
    )
    move_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices concerned",
        compute="_compute_move_ids",
        search="_search_move_ids",
    )
    invoice_count = fields.Integer(
        string="Number of invoices",
        compute="_compute_move_ids",
    )
    amount_residual = fields.Monetary(
        string="Amount due",
        currency_field="currency_id",
        compute="_compute_amounts",
        store=True,
    )
    amount_overdue = fields.Monetary(
        string="Amount overdue",
        currency_field="currency_id",
        compute="_compute_amounts",
        store=True,
    )
    max_days_late = fields.Integer(
        string="Days late",
        compute="_compute_amounts",
        store=True,
    )
    credit_ids = fields.One2many(
        comodel_name="recouvrement.communication.credit",
        inverse_name="communication_id",
        string="Credits deducted",
        readonly=True,
        help="The customer's open credit notes and payments not yet allocated to "
        "an invoice, in the currency of the communication.",
    )
    amount_credits = fields.Monetary(
        string="Credits deducted",
        currency_field="currency_id",
        compute="_compute_amount_net",
        store=True,
    )
    amount_net = fields.Monetary(
        string="Net amount due",
        currency_field="currency_id",
        compute="_compute_amount_net",
        store=True,
        help="The amount due less the customer's open credits (never below "
        "zero): what the reminder claims.",
    )
    # channels used (decided at creation, the email falls back to a letter)
    use_email = fields.Boolean(string="By email")
    use_letter = fields.Boolean(string="By letter")
    use_registered = fields.Boolean(string="By registered letter")
    use_phone = fields.Boolean(string="By phone")
    note = fields.Text(
        help="What the run noticed, e.g. an email fallback to a letter.",
    )
    error_message = fields.Text(
        string="Error",
        readonly=True,
        copy=False,
    )
    postponed_until = fields.Date(
        string="Postponed until",
        readonly=True,
        copy=False,
    )
    sent_date = fields.Datetime(
        readonly=True,
        copy=False,
    )
    sent_uid = fields.Many2one(
        comodel_name="res.users",
        string="Sent by",
        readonly=True,
        copy=False,
    )
    mail_id = fields.Many2one(
        comodel_name="mail.mail",
        string="Email",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    mail_state = fields.Selection(
        related="mail_id.state",
        string="Email status",
    )
    letter_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Letter",
        readonly=True,
        copy=False,
    )
    letter_printed = fields.Boolean(
        string="Letter printed",
        readonly=True,
        copy=False,
    )
    lrar_number = fields.Char(
        string="LRAR tracking number",
        copy=False,
        tracking=True,
    )
    lrar_date_sent = fields.Date(
        string="LRAR posted on",
        copy=False,
    )
    lrar_date_received = fields.Date(
        string="LRAR received on",
        copy=False,
        tracking=True,
        help="Date of receipt on the acknowledgement of receipt.",
    )
    charge_ids = fields.One2many(
        comodel_name="recouvrement.charge",
        inverse_name="communication_id",
        string="Late-payment charges",
        readonly=True,
    )
    charge_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Charges invoice",
        readonly=True,
        copy=False,
    )
    amount_charges = fields.Monetary(
        string="Charges",
        currency_field="currency_id",
        compute="_compute_amount_charges",
    )
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_recipient_id",
        help="The customer's invoicing contact when it has an email, "
        "else the customer.",
    )
    open_line_ids = fields.One2many(
        comodel_name="recouvrement.communication.line",
        compute="_compute_open_line_ids",
        string="Open invoices",
    )
    payment_deadline = fields.Date(
        string="Pay before",
        compute="_compute_payment_deadline",
    )

    _lrar_dates = models.Constraint(
        "CHECK(lrar_date_received IS NULL OR lrar_date_sent IS NULL "
        "OR lrar_date_received >= lrar_date_sent)",
        "The registered letter cannot be received before it was posted.",
    )

    @api.constrains("lrar_number")
    def _check_lrar_number(self):
        for comm in self:
            number = (comm.lrar_number or "").replace(" ", "")
            if comm.lrar_number and not (number.isalnum() and 8 <= len(number) <= 20):
                raise ValidationError(
                    self.env._(
                        "“%(number)s” is not a registered-letter tracking number "
                        "(8 to 20 letters and digits).",
                        number=comm.lrar_number,
                    )
                )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("line_ids.move_id")
    def _compute_move_ids(self):
        for comm in self:
            comm.move_ids = comm.line_ids.move_id
            comm.invoice_count = len(comm.line_ids)

    @api.depends("charge_ids.total_amount")
    def _compute_amount_charges(self):
        for comm in self:
            comm.amount_charges = sum(comm.charge_ids.mapped("total_amount"))

    @api.depends("partner_id.child_ids.email", "partner_id.email")
    def _compute_recipient_id(self):
        for comm in self:
            comm.recipient_id = comm._get_recipient()

    @api.depends("line_ids.amount_residual")
    def _compute_open_line_ids(self):
        for comm in self:
            comm.open_line_ids = comm._get_open_lines()

    def _search_move_ids(self, operator, value):
        return [("line_ids.move_id", operator, value)]

    @api.depends(
        "line_ids.amount_residual", "line_ids.amount_overdue", "line_ids.days_late"
    )
    def _compute_amounts(self):
        for comm in self:
            comm.amount_residual = sum(comm.line_ids.mapped("amount_residual"))
            comm.amount_overdue = sum(comm.line_ids.mapped("amount_overdue"))
            comm.max_days_late = max(comm.line_ids.mapped("days_late") or [0])

    @api.depends("amount_residual", "credit_ids.amount_residual")
    def _compute_amount_net(self):
        for comm in self:
            comm.amount_credits = sum(comm.credit_ids.mapped("amount_residual"))
            comm.amount_net = max(comm.amount_residual - comm.amount_credits, 0.0)

    @api.depends("date", "sent_date", "level_id.payment_deadline_days")
    def _compute_payment_deadline(self):
        for comm in self:
            start = comm.sent_date.date() if comm.sent_date else comm.date
            comm.payment_deadline = start and start + timedelta(
                days=comm.level_id.payment_deadline_days
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        missing = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        names = self.env["recouvrement.bulk"]._next_references(self._name, len(missing))
        for vals, name in zip(missing, names, strict=True):
            vals["name"] = name
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Dunning communications are kept for the history: cancel them "
                "instead of deleting them."
            )
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _get_recipient(self):
        """The contact that receives the reminder: the customer's invoicing
        address when it has an email, else the customer."""
        self.ensure_one()
        partner = self.partner_id
        invoice_contact = partner.child_ids.filtered(
            lambda p: p.type == "invoice" and p.email
        )[:1]
        return invoice_contact or partner

    def _get_open_lines(self):
        """Lines of the letter: the invoices still open."""
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.amount_residual > 0)

    def _refresh_lines(self):
        """Refresh the amounts from the invoices and the customer's open credits
        before sending or printing, so that a payment received since the run
        lowers what is claimed, and a credit note allocated since is no longer
        deducted."""
        self.line_ids._refresh_amounts()
        self.env["recouvrement.communication.credit"]._refresh(self)

    def _get_covered_by_credits(self):
        """The communications whose net amount due is at or below their
        policy's tolerance because of the customer's open credits: there is
        nothing to claim."""
        tolerances = {}
        covered = self.browse()
        for comm in self.filtered("credit_ids"):
            key = (comm.policy_id, comm.currency_id)
            if key not in tolerances:
                tolerances[key] = comm.policy_id._get_tolerance(
                    comm.currency_id, comm.date
                )
            if comm.currency_id.compare_amounts(comm.amount_net, tolerances[key]) <= 0:
                covered |= comm
        return covered

    def _check_state(self, allowed, action):
        """Refuse ``action`` ("send", "cancel", "postpone", "print" or
        "exclude") on the communications whose status does not allow it."""
        wrong = self.filtered(lambda comm: comm.state not in allowed)
        if not wrong:
            return
        names = ", ".join(wrong.mapped("name"))
        messages = {
            "send": self.env._(
                "You cannot send these communications because of their status: "
                "%(names)s.",
                names=names,
            ),
            "cancel": self.env._(
                "You cannot cancel these communications because of their status: "
                "%(names)s.",
                names=names,
            ),
            "postpone": self.env._(
                "You cannot postpone these communications because of their status: "
                "%(names)s.",
                names=names,
            ),
            "print": self.env._(
                "You cannot print these communications because of their status: "
                "%(names)s.",
                names=names,
            ),
            "exclude": self.env._(
                "You cannot exclude the invoices of these communications because "
                "of their status: %(names)s.",
                names=names,
            ),
        }
        raise UserError(messages[action])

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Send on every channel of the level. Each communication is sent in
        its own savepoint: a failure marks that one in error and the others
        go on."""
        self._check_state(("to_review", "error"), "send")
        self.env["recouvrement.communication.send"]._send_communications(self)
        return True

    def action_cancel(self):
        self._check_state(("to_review", "error", "postponed"), "cancel")
        self.write({"state": "cancelled"})
        return True

    def action_postpone(self, until):
        """Keep the invoices out of dunning until ``until``; the run then makes
        a fresh communication with the amounts of that day."""
        self._check_state(("to_review", "error"), "postpone")
        today = fields.Date.context_today(self)
        if not until or until <= today:
            raise UserError(self.env._("Postpone to a date after today."))
        self.write({"state": "postponed", "postponed_until": until})
        self.line_ids.move_id.write({"recouvrement_postponed_until": until})
        return True

    def action_print_letter(self):
        """Print the letters (to post them): marks them printed."""
        self._check_state(("to_review", "sent", "error"), "print")
        self._refresh_lines()
        self.write({"letter_printed": True})
        return self.env.ref(LETTER_REPORT).report_action(self)

    def action_exclude_invoices(self, reason):
        """Exclude every invoice of these communications and cancel them."""
        self._check_state(("to_review", "error", "postponed"), "exclude")
        self.line_ids.move_id._recouvrement_exclude(reason, source="manual")
        self.write({"state": "cancelled"})
        return True

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.line_ids.move_id.ids)]
        action["context"] = {"create": False}
        return action
