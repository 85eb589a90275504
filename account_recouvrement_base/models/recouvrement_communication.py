from odoo import api, fields, models
from odoo.exceptions import UserError

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
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "recouvrement.communication.check",
        "recouvrement.communication.workflow",
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
