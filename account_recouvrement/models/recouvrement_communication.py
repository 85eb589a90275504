import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

COMMUNICATION_STATES = [
    ("to_review", "To review"),
    ("sent", "Sent"),
    ("error", "Error"),
    ("postponed", "Postponed"),
    ("cancelled", "Cancelled"),
]
LETTER_REPORT = "account_recouvrement.action_report_recouvrement_letter"


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
        required=True,
        readonly=True,
        check_company=True,
    )
    level_id = fields.Many2one(
        comodel_name="recouvrement.level",
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
    # channels used (decided at creation, the email falls back to a letter)
    use_email = fields.Boolean(string="By email")
    use_letter = fields.Boolean(string="By letter")
    use_registered = fields.Boolean(string="By registered letter")
    use_phone = fields.Boolean(string="By phone")
    note = fields.Text(
        help="What the run noticed, e.g. an email fallback to a letter.",
    )
    error_message = fields.Text(
        readonly=True,
        copy=False,
    )
    postponed_until = fields.Date(
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
        "The registered letter cannot be received before it was posted. / "
        "La lettre recommandée ne peut pas être reçue avant son envoi.",
    )

    @api.constrains("lrar_number")
    def _check_lrar_number(self):
        for comm in self:
            number = (comm.lrar_number or "").replace(" ", "")
            if comm.lrar_number and not (number.isalnum() and 8 <= len(number) <= 20):
                raise ValidationError(
                    self.env._(
                        "“%(number)s” is not a registered-letter tracking number "
                        "(8 to 20 letters and digits). / Ce n'est pas un numéro de "
                        "suivi de lettre recommandée.",
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
        names = self._next_references(len(missing))
        for vals, name in zip(missing, names, strict=True):
            vals["name"] = name
        return super().create(vals_list)

    def _next_references(self, count):
        """``count`` references, the ones ``next_by_code`` would give one by
        one, drawn with a single query when the sequence is a plain
        PostgreSQL sequence (the daily run creates thousands at once)."""
        code = "recouvrement.communication"
        sequence = self.env["ir.sequence"]
        if count > 1:
            sequence = sequence.search(
                [
                    ("code", "=", code),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        if (
            count <= 1
            or sequence.implementation != "standard"
            or sequence.use_date_range
        ):
            next_by_code = self.env["ir.sequence"].next_by_code
            return [next_by_code(code) or "/" for _index in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}", count],
        )
        numbers = sorted(row[0] for row in self.env.cr.fetchall())
        # what get_next_char does for each number, the prefix interpolated once
        prefix, suffix = sequence._get_prefix_suffix()
        pattern = f"%0{sequence.padding}d"
        return [prefix + pattern % number + suffix for number in numbers]

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

    def _get_payment_bank(self):
        self.ensure_one()
        return self.company_id.partner_id.bank_ids[:1]

    def _refresh_lines(self):
        """Refresh the amounts from the invoices before sending or printing, so
        that a payment received since the run lowers what is claimed."""
        self.line_ids._refresh_amounts()

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda comm: comm.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "You cannot %(action)s these communications because of their "
                    "status: %(names)s.",
                    action=action,
                    names=", ".join(wrong.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Send on every channel of the level. Each communication is sent in
        its own savepoint: a failure marks that one in error and the others
        go on."""
        self._check_state(("to_review", "error"), self.env._("send"))
        self._send()
        return True

    def _send(self):
        sent = self.browse()
        for comm in self:
            try:
                with self.env.cr.savepoint():
                    comm._send_one()
                sent |= comm
            except Exception as error:  # noqa: BLE001 - isolate any failure
                _logger.warning("Dunning communication %s failed: %s", comm.name, error)
                comm.write({"state": "error", "error_message": str(error)})
        sent._after_sent()
        return sent

    def _send_one(self):
        self.ensure_one()
        # two users (or a user and the cron) sending the same one: the second waits
        self.env.cr.execute(
            "SELECT state FROM recouvrement_communication WHERE id = %s FOR UPDATE",
            (self.id,),
        )
        if self.env.cr.fetchone()[0] not in ("to_review", "error"):
            return
        self._refresh_lines()
        if not self._get_open_lines():
            self.write(
                {
                    "state": "cancelled",
                    "note": self.env._("Every invoice was paid before sending."),
                }
            )
            return
        recipient = self._get_recipient()
        if self.use_email and not recipient.email:
            self.write(
                {
                    "use_email": False,
                    "use_letter": True,
                    "note": self.env._(
                        "The customer has no email address: sent as a letter instead."
                    ),
                }
            )
        if (self.level_id.charge_interest or self.level_id.charge_indemnity) and not (
            self.charge_move_id
        ):
            self._bill_charges()
        if self.use_email or self.use_letter or self.use_registered:
            self._render_letter()
        if self.use_email:
            self._send_email(recipient)
        if self.use_phone:
            self._schedule_phone_call()
        self.write(
            {
                "state": "sent",
                "sent_date": fields.Datetime.now(),
                "sent_uid": self.env.uid,
                "error_message": False,
            }
        )

    def _bill_charges(self):
        """Late interest and indemnity of the late invoices, in one posted
        charges invoice (before the letter, which states them)."""
        self.ensure_one()
        late = self._get_open_lines().filtered(lambda line: line.days_late > 0).move_id
        self.charge_move_id = self.env["recouvrement.charge"]._bill(
            self, late, fields.Date.context_today(self)
        )

    def _render_letter(self):
        self.ensure_one()
        report = self.env.ref(LETTER_REPORT)
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, self.ids)
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._get_letter_filename(),
                "type": "binary",
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
                "company_id": self.company_id.id,
            }
        )
        self.letter_attachment_id = attachment
        return attachment

    def _get_letter_filename(self):
        self.ensure_one()
        kind = (
            self.env._("Mise en demeure")
            if self.level_id.is_formal_notice
            else self.env._("Relance")
        )
        return f"{kind} {self.name} - {self.partner_id.name}.pdf".replace("/", "-")

    def _send_email(self, recipient):
        self.ensure_one()
        template = self.level_id.mail_template_id or self.env.ref(
            "account_recouvrement.mail_template_recouvrement"
        )
        attachment_ids = self.letter_attachment_id.ids
        if self.level_id.attach_invoices:
            attachment_ids += self._get_invoice_attachments().ids
        mail_id = template.with_context(lang=recipient.lang).send_mail(
            self.id,
            force_send=False,
            raise_exception=True,
            email_values={
                "recipient_ids": [(6, 0, recipient.ids)],
                "attachment_ids": [(6, 0, attachment_ids)],
            },
            email_layout_xmlid="mail.mail_notification_light",
        )
        self.mail_id = mail_id

    def _get_invoice_attachments(self):
        self.ensure_one()
        attachments = self.env["ir.attachment"]
        moves = self._get_open_lines().move_id
        for move in moves:
            attachment = move.invoice_pdf_report_id
            if not attachment:
                pdf, _ = (
                    self.env["ir.actions.report"]
                    .with_context(force_report_rendering=True)
                    ._render_qweb_pdf("account.account_invoices", move.ids)
                )
                attachment = attachments.create(
                    {
                        "name": f"{move.name.replace('/', '_')}.pdf",
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
            attachments |= attachment
        return attachments

    def _schedule_phone_call(self):
        self.ensure_one()
        user = self.user_id or self.env.user
        self.activity_schedule(
            "account_recouvrement.mail_activity_type_recouvrement_call",
            date_deadline=fields.Date.context_today(self),
            summary=self.env._(
                "Call %(customer)s about %(amount)s overdue",
                customer=self.partner_id.name,
                amount=self.currency_id.format(self.amount_overdue),
            ),
            user_id=user.id,
        )

    def _after_sent(self):
        """Move the invoices to their new level and write their history, in
        batch for every communication just sent."""
        done = self.filtered(lambda comm: comm.state == "sent")
        if not done:
            return
        done.line_ids._apply_to_invoices()
        messages = []
        for comm in done:
            body = self.env._(
                "%(level)s sent (%(ref)s).", level=comm.level_id.name, ref=comm.name
            )
            messages.append(comm._message_vals(comm, body))
            for line in comm.line_ids:
                messages.append(comm._message_vals(line.move_id, body))
        self.env["mail.message"].sudo().create(messages)

    def _message_vals(self, record, body):
        return {
            "model": record._name,
            "res_id": record.id,
            "body": body,
            "message_type": "notification",
            "subtype_id": self.env.ref("mail.mt_note").id,
            "author_id": self.env.user.partner_id.id,
        }

    def action_cancel(self):
        self._check_state(("to_review", "error", "postponed"), self.env._("cancel"))
        self.write({"state": "cancelled"})
        return True

    def action_postpone(self, until):
        """Keep the invoices out of dunning until ``until``; the run then makes
        a fresh communication with the amounts of that day."""
        self._check_state(("to_review", "error"), self.env._("postpone"))
        today = fields.Date.context_today(self)
        if not until or until <= today:
            raise UserError(
                self.env._(
                    "Postpone to a date after today. / "
                    "Reportez à une date postérieure à aujourd'hui."
                )
            )
        self.write({"state": "postponed", "postponed_until": until})
        self.line_ids.move_id.write({"recouvrement_postponed_until": until})
        return True

    def action_print_letter(self):
        """Print the letters (to post them): marks them printed."""
        self._check_state(("to_review", "sent", "error"), self.env._("print"))
        self._refresh_lines()
        self.write({"letter_printed": True})
        return self.env.ref(LETTER_REPORT).report_action(self)

    def action_exclude_invoices(self, reason):
        """Exclude every invoice of these communications and cancel them."""
        self._check_state(("to_review", "error", "postponed"), self.env._("exclude"))
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

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def action_run_dunning(self):
        """Button: run the dunning now for the current company, then open the
        review queue."""
        self.env["recouvrement.run"]._run(companies=self.env.company)
        return self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement.action_recouvrement_review_queue"
        )

    @api.model
    def _cron_run_dunning(self):
        """The daily run, for every company, then the prescription watch."""
        self.env["recouvrement.run"]._run(commit=True)
        self.env["account.move"]._recouvrement_prescription_watch()
