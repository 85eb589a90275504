from collections import defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

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
    run_log_id = fields.Many2one(
        comodel_name="recouvrement.run.log",
        string="Created by the run",
        readonly=True,
        copy=False,
        index="btree_not_null",
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
    propose_litigation = fields.Boolean(
        related="level_id.propose_litigation",
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
        string="Open credits",
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
    letter_batch_id = fields.Many2one(
        comodel_name="recouvrement.letter.batch",
        string="Printed in",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The print of the day's letters this letter was printed in.",
    )
    print_page_from = fields.Integer(
        string="From page",
        readonly=True,
        copy=False,
    )
    print_page_to = fields.Integer(
        string="To page",
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
    lrar_date_presented = fields.Date(
        string="LRAR first presented on",
        copy=False,
        tracking=True,
        help="For a registered letter the debtor did not collect (returned "
        "“avisé et non réclamé”): the date the postman first presented it, "
        "from the tracking or the envelope. The notice takes effect on that day.",
    )
    lrar_date_received = fields.Date(
        string="LRAR received on",
        copy=False,
        tracking=True,
        help="Date of receipt on the acknowledgement of receipt.",
    )
    notice_date = fields.Date(
        string="Notice effective on",
        compute="_compute_notice_date",
        store=True,
        help="The day the letter reached the debtor: its date of receipt, else "
        "the day it was first presented. From the next day, a consumer owes the "
        "legal interest on the invoices of a formal notice (art. 1231-6 and "
        "1344-1 C. civ.).",
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
        help="The charges invoice billed when the communication was sent.",
    )
    charge_move_ids = fields.Many2many(
        comodel_name="account.move",
        string="Charges invoices",
        compute="_compute_charge_move_ids",
        help="Every charges invoice of this communication: the one billed at "
        "sending and those billed later with “Bill charges now”.",
    )
    charge_move_count = fields.Integer(
        string="Number of charges invoices",
        compute="_compute_charge_move_ids",
    )
    bills_charges = fields.Boolean(
        string="Bills charges",
        compute="_compute_bills_charges",
        help="The level bills late interest or the fixed indemnity.",
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
    letter_date = fields.Date(
        string="Letter date",
        readonly=True,
        copy=False,
        help="The date the letter bears: the day it was sent, written before "
        "the letter is rendered, so that a reprint shows the same date.",
    )
    payment_deadline = fields.Date(
        string="Pay before",
        readonly=True,
        copy=False,
        help="The deadline stated in the letter: its date plus the level's "
        "deadline, plus the postal delay when the letter goes by post.",
    )
    signatory_name = fields.Char(
        string="Signed by",
        compute="_compute_signatory",
    )
    signatory_title = fields.Char(
        string="Signatory's title",
        compute="_compute_signatory",
    )

    _lrar_dates = models.Constraint(
        "CHECK(lrar_date_received IS NULL OR lrar_date_sent IS NULL "
        "OR lrar_date_received >= lrar_date_sent)",
        "The registered letter cannot be received before it was posted.",
    )

    @api.constrains("lrar_date_sent", "lrar_date_presented", "lrar_date_received")
    def _check_lrar_dates(self):
        """The postal dates come from the tracking and the acknowledgement of
        receipt: none in the future, the letter posted once the reminder
        exists, presented and received once posted and sent, and received at
        the earliest when first presented (a letter collected at the post
        office is received after the notice of its passage)."""
        today = fields.Date.context_today(self)
        for comm in self:
            for name in ("lrar_date_sent", "lrar_date_presented", "lrar_date_received"):
                day = comm[name]
                if day and day > today:
                    raise ValidationError(
                        self.env._(
                            "“%(field)s” cannot be a future date (%(date)s).",
                            field=comm._fields[name]._description_string(self.env),
                            date=format_date(self.env, day),
                        )
                    )
            if comm.lrar_date_sent and comm.lrar_date_sent < comm.date:
                raise ValidationError(
                    self.env._(
                        "The registered letter cannot have been posted on %(date)s, "
                        "before the reminder's date (%(run_date)s).",
                        date=format_date(self.env, comm.lrar_date_sent),
                        run_date=format_date(self.env, comm.date),
                    )
                )
            comm._check_lrar_delivery_dates()

    def _check_lrar_delivery_dates(self):
        """A letter is presented and received after the reminder exists, is
        sent and is posted — not before its first presentation."""
        earliest = max(
            day
            for day in (
                self.date,
                self.lrar_date_sent,
                self.sent_date
                and fields.Datetime.context_timestamp(self, self.sent_date).date(),
            )
            if day
        )
        for name in ("lrar_date_presented", "lrar_date_received"):
            day = self[name]
            if day and day < earliest:
                raise ValidationError(
                    self.env._(
                        "“%(field)s” cannot be %(date)s: the letter was sent or "
                        "posted on %(earliest)s.",
                        field=self._fields[name]._description_string(self.env),
                        date=format_date(self.env, day),
                        earliest=format_date(self.env, earliest),
                    )
                )
        presented, received = self.lrar_date_presented, self.lrar_date_received
        if presented and received and received < presented:
            raise ValidationError(
                self.env._(
                    "The registered letter cannot have been received on "
                    "%(received)s, before it was first presented (%(presented)s).",
                    received=format_date(self.env, received),
                    presented=format_date(self.env, presented),
                )
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

    @api.depends("lrar_date_received", "lrar_date_presented")
    def _compute_notice_date(self):
        for comm in self:
            comm.notice_date = comm.lrar_date_received or comm.lrar_date_presented

    @api.depends("charge_ids.charge_move_id")
    def _compute_charge_move_ids(self):
        for comm in self:
            comm.charge_move_ids = comm.charge_ids.charge_move_id
            comm.charge_move_count = len(comm.charge_move_ids)

    @api.depends("level_id.charge_interest", "level_id.charge_indemnity")
    def _compute_bills_charges(self):
        for comm in self:
            level = comm.level_id
            comm.bills_charges = level.charge_interest or level.charge_indemnity

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

    @api.depends(
        "state",
        "sent_uid",
        "company_id.recouvrement_signatory_name",
        "company_id.recouvrement_signatory_title",
    )
    @api.depends_context("uid")
    def _compute_signatory(self):
        """The company's signatory when set, else the person who sends (or
        sent) the letter: never the technical user of the daily run."""
        for comm in self:
            user = comm.sent_uid
            if not user and comm.state in ("to_review", "error"):
                user = self.env.user
            comm.signatory_name, comm.signatory_title = (
                comm.company_id._recouvrement_signatory(user)
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

    @api.model
    def _withdraw_invoices(self, moves, reason):
        """Take ``moves`` out of the reminders not sent yet (to review or in
        error): their lines go, a note says why, and a reminder left with no
        invoice is cancelled. Sent reminders keep their lines (history)."""
        lines = (
            self.env["recouvrement.communication.line"]
            .sudo()
            .search(
                [
                    ("move_id", "in", moves.ids),
                    ("communication_id.state", "in", ("to_review", "error")),
                ]
            )
        )
        if not lines:
            return
        communications = lines.communication_id.sudo(False)
        # one note per reminder, all written at once (a factoring batch
        # withdraws thousands of invoices from hundreds of reminders)
        names = defaultdict(list)
        for line in lines:
            names[line.communication_id.id].append(line.move_id.name)
        communications._message_log_batch(
            bodies={
                comm.id: escape(
                    self.env._(
                        "Withdrawn from this reminder: %(invoices)s (%(reason)s).",
                        invoices=", ".join(names[comm.id]),
                        reason=reason,
                    )
                )
                for comm in communications
            }
        )
        lines.unlink()
        # one query (read reminder by reminder, their lines cost one each)
        empty = communications.search(
            [("id", "in", communications.ids), ("line_ids", "=", False)]
        )
        empty.write(
            {
                "state": "cancelled",
                "note": self.env._("Every invoice was withdrawn from the dunning."),
            }
        )

    def _letter_dates(self, on_date=None):
        """(letter date, deadline to pay) of the letter: the ones written when
        it was sent, else those it would bear if sent on ``on_date`` (today
        by default). The deadline runs from the letter's date; a letter
        that goes by post gets the company's postal delay on top, so that
        the customer has the level's full deadline once it is received."""
        self.ensure_one()
        if self.letter_date:
            return self.letter_date, self.payment_deadline
        letter_date = on_date or fields.Date.context_today(self)
        days = self.level_id.payment_deadline_days
        if not days:
            return letter_date, False
        if self.use_registered or (self.use_letter and not self.use_email):
            days += self.company_id.recouvrement_postal_margin_days
        return letter_date, letter_date + timedelta(days=days)

    def _get_letter_values(self):
        """The letter's figures and its sentences, in the language of this
        record's environment: the email's body shows them as the letter does."""
        self.ensure_one()
        report = self.env["report.account_recouvrement_base.report_recouvrement_letter"]
        return {**report._letter_figures(self), "texts": report._letter_texts(self)}

    def _get_open_lines(self):
        """Lines of the letter: the invoices still open."""
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.amount_residual > 0)

    def _refresh_lines(self):
        """Refresh the amounts from the invoices and the customer's open credits
        before sending or printing, so that a payment received since the run
        lowers what is claimed, and a credit note allocated since is no longer
        deducted. A sent communication keeps the amounts its letter stated."""
        unsent = self.filtered(lambda comm: comm.state != "sent")
        unsent.line_ids._refresh_amounts()
        self.env["recouvrement.communication.credit"]._refresh(unsent)

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
        """Refuse ``action`` ("send", "cancel", "postpone", "print", "exclude"
        or "bill") on the communications whose status does not allow it."""
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
            "bill": self.env._(
                "Charges are billed on sent communications only, not on: %(names)s.",
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
        """Print the letters (to post them): marks them printed. A sent letter
        is printed from its archived PDF, exactly as it was sent."""
        self._check_state(("to_review", "sent", "error"), "print")
        self._refresh_lines()
        self.write({"letter_printed": True})
        if len(self) == 1 and self.state == "sent" and self.letter_attachment_id:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{self.letter_attachment_id.id}?download=true",
                "target": "download",
            }
        return self.env.ref(LETTER_REPORT).report_action(self)

    def action_print_letters(self):
        """Print the postal letters in one PDF (one for the registered
        letters, with the list for the post office), rendered once and
        stored once; marks them printed."""
        batches = self.env["recouvrement.letter.batch"]._print(self)
        if len(batches) == 1:
            return batches.action_download()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_base.action_recouvrement_letter_batch"
        )
        action["domain"] = [("id", "in", batches.ids)]
        return action

    def action_exclude_invoices(self, reason):
        """Exclude every invoice of these communications and cancel them."""
        self._check_state(("to_review", "error", "postponed"), "exclude")
        # cancelled first: they keep their lines, the invoices are withdrawn
        # from the other reminders waiting to be sent
        self.write({"state": "cancelled"})
        self.line_ids.move_id._recouvrement_exclude(reason, source="manual")
        return True

    def action_bill_charges(self):
        """Bill, as of today, the late-payment charges accrued on the still
        open invoices since the previous charges, in a new posted charges
        invoice. A consumer's interest runs only from the day after the formal
        notice reached them, a date known once the acknowledgement of receipt
        comes back, after sending: this is how it gets billed.

        Nothing owed on one of them: a clear error, and nothing is billed."""
        self._check_state(("sent",), "bill")
        idle = self.filtered(lambda comm: not comm.bills_charges)
        if idle:
            raise UserError(
                self.env._(
                    "The level of these communications bills no charges: %(names)s.",
                    names=", ".join(idle.mapped("name")),
                )
            )
        self.check_access("write")
        self.env["recouvrement.communication.send"]._bill_charges_now(self)
        return True

    def action_view_charge_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.charge_move_ids.ids)]
        action["context"] = {"create": False}
        if len(self.charge_move_ids) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.charge_move_ids.id
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.line_ids.move_id.ids)]
        action["context"] = {"create": False}
        return action
