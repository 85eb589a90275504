import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

_logger = logging.getLogger(__name__)

LETTER_REPORT = "account_recouvrement_base.action_report_recouvrement_letter"
DEFAULT_TEMPLATE = "account_recouvrement_base.mail_template_recouvrement"
PHONE_ACTIVITY = "account_recouvrement_base.mail_activity_type_recouvrement_call"
SENDABLE_STATES = ("to_review", "error")

# the reminder emails' layout (Odoo's light layout, headed for the customer)
MAIL_LAYOUT = "account_recouvrement_base.mail_layout_recouvrement"


class RecouvrementCommunicationSend(models.AbstractModel):
    """Sending dunning communications on the channels of their level: the
    charges billed, the letter rendered and archived, the email queued, the
    phone call scheduled, then the invoices moved to their new level. The
    communication model only holds the record and its buttons (as Odoo's
    ``account.move.send`` does for invoices)."""

    _name = "recouvrement.communication.send"
    _description = "Dunning Communication Sending"

    @api.model
    def _send_communications(self, communications, on_date=None):
        """Send each communication in its own savepoint: a failure puts that
        one in error, with the reason, and the others go on.

        :param on_date: the date the letters bear (today by default; the
            demo data sends in the past)

        :return: the communications sent
        """
        sent = communications.browse()
        self._prepare_invoice_pdfs(communications)
        # the invoices the letters list, read once for all (one query for the
        # batch instead of one per letter)
        communications.line_ids.move_id.fetch()
        # the plain emails (no attachment) are rendered and queued together
        # at the end: {(template, lang): {communication: recipient}}
        deferred = {}
        for comm in communications:
            try:
                with self.env.cr.savepoint():
                    self._send_one(comm, on_date, deferred=deferred)
                sent |= comm
            except Exception as error:  # noqa: BLE001 - isolate any failure
                self._put_in_error(comm, error)
        sent -= self._send_deferred_emails(deferred)
        self._after_sent(sent)
        return sent

    @api.model
    def _put_in_error(self, comm, error):
        _logger.warning("Dunning communication %s failed: %s", comm.name, error)
        comm.write({"state": "error", "error_message": str(error)})

    @api.model
    def _send_deferred_emails(self, deferred):
        """Queue the deferred emails, one rendering call per template and
        language (half the time of one call per email), then mark their
        communications sent. Should a group fail, its emails are sent one by
        one, each in its own savepoint, and only the failing ones are put in
        error.

        :return: the communications put in error"""
        failed = self.env["recouvrement.communication"]
        for (template, lang), recipients in deferred.items():
            comms = self.env["recouvrement.communication"].concat(*recipients)
            try:
                with self.env.cr.savepoint():
                    mails = template.with_context(lang=lang).send_mail_batch(
                        comms.ids,
                        force_send=False,
                        raise_exception=True,
                        email_layout_xmlid=MAIL_LAYOUT,
                    )
                    by_comm = {mail.res_id: mail for mail in mails}
                    for comm, recipient in recipients.items():
                        mail = by_comm[comm.id]
                        # the template's recipients are the communication's
                        # (partner_to) unless it was changed: then as one by one
                        if mail.recipient_ids != recipient:
                            mail.recipient_ids = recipient
                        comm.mail_id = mail
                        self._finish_one(comm)
            except Exception:  # noqa: BLE001 - then one by one, as before
                _logger.info("Dunning emails of %s sent one by one", template.name)
                for comm, recipient in recipients.items():
                    try:
                        with self.env.cr.savepoint():
                            self._send_email(comm, recipient)
                            self._finish_one(comm)
                    except Exception as error:  # noqa: BLE001
                        self._put_in_error(comm, error)
                        failed |= comm
        return failed

    @api.model
    def _send_one(self, comm, on_date=None, deferred=None):
        """Send ``comm`` on each channel of its level. With ``deferred`` (a
        dict), an email without attachment is not queued here but added to
        it, and the communication is marked sent once it is."""
        comm.ensure_one()
        # two users (or a user and the cron) sending the same one: the second
        # waits for the first, then finds it sent and does nothing
        self.env.cr.execute(
            "SELECT state FROM recouvrement_communication WHERE id = %s FOR UPDATE",
            (comm.id,),
        )
        if self.env.cr.fetchone()[0] not in SENDABLE_STATES:
            return
        comm.invalidate_recordset(["state"])
        comm._refresh_lines()
        if not comm._get_open_lines():
            comm.write(
                {
                    "state": "cancelled",
                    "note": self.env._("Every invoice was paid before sending."),
                }
            )
            return
        if comm._get_covered_by_credits():
            comm.write(
                {
                    "state": "cancelled",
                    "note": self.env._(
                        "The customer's open credit notes and unallocated payments "
                        "cover the amount due: not sent."
                    ),
                }
            )
            return
        recipient = comm._get_recipient()
        if comm.use_email and not recipient.email:
            comm.write(
                {
                    "use_email": False,
                    "use_letter": True,
                    "note": self.env._(
                        "The customer has no email address: sent as a letter instead."
                    ),
                }
            )
        # the letter bears the day it is sent, and its deadline runs from it:
        # both written before the charges and the letter, which state them
        letter_date, deadline = comm._letter_dates(
            on_date or fields.Date.context_today(self)
        )
        comm.write(
            {
                "letter_date": letter_date,
                "payment_deadline": deadline,
                "sent_uid": self.env.uid,
            }
        )
        level = comm.level_id
        if (
            level.charge_interest or level.charge_indemnity
        ) and not comm.charge_move_id:
            self._bill_charges(comm)
        if self._needs_letter_pdf(comm):
            self._render_letter(comm)
        if comm.use_email:
            attaches = level.attach_letter or level.attach_invoices
            if deferred is not None and not attaches:
                template = self._get_template(comm)
                deferred.setdefault((template, recipient.lang), {})[comm] = recipient
                return
            self._send_email(comm, recipient)
        self._finish_one(comm)

    @api.model
    def _finish_one(self, comm):
        """After the email: the phone call scheduled, the communication sent."""
        if comm.use_phone:
            self._schedule_phone_call(comm)
        comm.write(
            {
                "state": "sent",
                "sent_date": fields.Datetime.now(),
                "sent_uid": self.env.uid,
                "error_message": False,
            }
        )

    # ------------------------------------------------------------------
    # Channels
    # ------------------------------------------------------------------

    @api.model
    def _bill_charges(self, comm):
        """Late interest and indemnity of the late invoices, in one posted
        charges invoice (before the letter, which states them)."""
        late = comm._get_open_lines().filtered(lambda line: line.days_late > 0).move_id
        comm.charge_move_id = self.env["recouvrement.charge"]._bill(
            comm, late, comm.letter_date
        )

    @api.model
    def _bill_charges_now(self, communications):
        """Bill, as of today, what each sent communication's still open late
        invoices owe since their previous charges, in a new posted charges
        invoice per communication; raise when one of them owes nothing more.

        Two users clicking at once: the second waits for the first's lock,
        then (retried) computes after it and finds nothing more owed."""
        today = fields.Date.context_today(self)
        Charge = self.env["recouvrement.charge"]
        for comm in communications:
            self._lock_for_billing(comm)
            comm._refresh_lines()
            late = (
                comm._get_open_lines()
                .filtered(lambda line: line.date_due and line.date_due < today)
                .move_id
            )
            charges_invoice = Charge._bill(comm, late, today)
            if not charges_invoice:
                raise UserError(
                    self.env._(
                        "Nothing more is owed on %(name)s as of %(date)s: no charges "
                        "invoice was made.",
                        name=comm.name,
                        date=format_date(self.env, today),
                    )
                )
            comm.message_post(
                body=self.env._(
                    "Charges billed on %(invoice)s.", invoice=charges_invoice.name
                )
            )

    @api.model
    def _lock_for_billing(self, comm):
        """Take the communication's row before computing what is owed. An
        UPDATE, not only a SELECT FOR UPDATE: under PostgreSQL's repeatable
        read a transaction that waited for a lock still reads its older
        snapshot (without the charges just billed) unless the row was changed
        — then it fails to serialise and Odoo retries it with a fresh one."""
        self.env.cr.execute(
            SQL(
                "UPDATE recouvrement_communication SET write_uid = %s, "
                "write_date = %s WHERE id = %s",
                self.env.uid,
                self.env.cr.now(),
                comm.id,
            )
        )
        comm.invalidate_recordset(["write_uid", "write_date"])

    @api.model
    def _needs_letter_pdf(self, comm):
        """A letter goes by post, or its level attaches it to the email: the
        email's body carries the letter's content, no PDF is needed for it."""
        return (
            comm.use_letter
            or comm.use_registered
            or (comm.use_email and comm.level_id.attach_letter)
        )

    @api.model
    def _render_letter(self, comm):
        """Render the letter and archive it on the communication."""
        return self.env["ir.actions.report"]._recouvrement_archive_pdf(
            LETTER_REPORT,
            comm,
            self._get_letter_filename(comm),
            field="letter_attachment_id",
        )

    @api.model
    def _get_letter_filename(self, comm):
        if comm.level_id.is_formal_notice:
            name = self.env._(
                "Formal notice %(reference)s - %(customer)s.pdf",
                reference=comm.name,
                customer=comm.partner_id.name,
            )
        else:
            name = self.env._(
                "Reminder %(reference)s - %(customer)s.pdf",
                reference=comm.name,
                customer=comm.partner_id.name,
            )
        return name.replace("/", "-")

    @api.model
    def _send_email(self, comm, recipient):
        """Queue the level's email (in the recipient's language): its body
        carries the letter's content; the letter's PDF is attached when the
        level asks for it, the invoices' own PDFs when the level says so."""
        template = self._get_template(comm)
        attachment_ids = self._email_attachments(comm)
        comm.mail_id = template.with_context(lang=recipient.lang).send_mail(
            comm.id,
            force_send=False,
            raise_exception=True,
            email_values={
                "recipient_ids": [(6, 0, recipient.ids)],
                "attachment_ids": [(6, 0, attachment_ids)],
            },
            email_layout_xmlid=MAIL_LAYOUT,
        )

    @api.model
    def _get_template(self, comm):
        return comm.level_id.mail_template_id or self._default_template()

    @api.model
    def _email_attachments(self, comm):
        """The ids of the files the level attaches to the email: the letter's
        PDF, the invoices' PDFs."""
        attachment_ids = []
        if comm.level_id.attach_letter:
            attachment_ids += comm.letter_attachment_id.ids
        if comm.level_id.attach_invoices:
            attachment_ids += self._get_invoice_attachments(comm).ids
        return attachment_ids

    @api.model
    def _default_template(self):
        """The shipped template, found through the cached xmlid (env.ref
        would check it exists with a query for every email)."""
        return self.env["mail.template"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(DEFAULT_TEMPLATE)
        )

    @api.model
    def _get_invoice_attachments(self, comm):
        """The PDF of each open invoice, as stored on the invoice."""
        moves = comm._get_open_lines().move_id
        self._store_invoice_pdfs(moves)
        return moves.invoice_pdf_report_id

    @api.model
    def _prepare_invoice_pdfs(self, communications):
        """Render, before sending, the PDFs the emails attach and their
        invoices do not have yet (each once, even when several reminders
        attach it). A failure here is not fatal: each email then tries again
        for its own invoices, in its own savepoint."""
        moves = communications.filtered(
            lambda comm: comm.use_email and comm.level_id.attach_invoices
        ).line_ids.move_id
        if not moves:
            return
        try:
            with self.env.cr.savepoint():
                self._store_invoice_pdfs(moves)
        except Exception as error:  # noqa: BLE001 - each email retries alone
            _logger.warning("Invoice PDFs not rendered in batch: %s", error)

    @api.model
    def _store_invoice_pdfs(self, moves):
        """Give each invoice without a stored PDF its own, rendered once and
        stored on the invoice as Odoo stores the PDF of an invoice it sends,
        so that the next reminder, the portal and the customer's copy reuse
        it. One rendering per invoice: the wkhtmltopdf found here (unpatched
        Qt) cannot split a multi-invoice rendering."""
        missing = moves.filtered(
            lambda move: (
                move.is_invoice(include_receipts=True)
                and move.state == "posted"
                and not move.invoice_pdf_report_id
            )
        )
        move_send = self.env["account.move.send"].with_context(
            force_report_rendering=True
        )
        for move in missing:
            invoices_data = {
                move: {"pdf_report": move_send._get_default_pdf_report_id(move)}
            }
            move_send._prepare_invoice_pdf_report(invoices_data)
            move_send._link_invoice_documents(invoices_data)

    @api.model
    def _schedule_phone_call(self, comm):
        comm.activity_schedule(
            PHONE_ACTIVITY,
            date_deadline=fields.Date.context_today(self),
            summary=self.env._(
                "Call %(customer)s about %(amount)s overdue",
                customer=comm.partner_id.name,
                amount=comm.currency_id.format(comm.amount_overdue),
            ),
            user_id=(comm.user_id or self.env.user).id,
        )

    # ------------------------------------------------------------------
    # After sending
    # ------------------------------------------------------------------

    @api.model
    def _after_sent(self, communications):
        """Move the invoices to their new level and write their history, in
        batch for every communication just sent."""
        done = communications.filtered(lambda comm: comm.state == "sent")
        if not done:
            return
        done.line_ids._apply_to_invoices()
        self.env["recouvrement.skip"]._clear_for(done)
        author = self.env.user.partner_id
        # the reply-to of each record computed once for all, not message by
        # message as mail.message's create would
        reply_to = {
            model: records.sudo()._notify_get_reply_to(
                default=author.email_formatted, author_id=author.id
            )
            for model, records in (
                (done._name, done),
                ("account.move", done.line_ids.move_id),
            )
        }
        common = {
            "message_type": "notification",
            "subtype_id": self.env.ref("mail.mt_note").id,
            "author_id": author.id,
            "email_from": author.email_formatted,
        }
        messages = []
        for comm in done:
            body = self.env._(
                "%(level)s sent (%(ref)s).", level=comm.level_id.name, ref=comm.name
            )
            for record in (comm, *comm.line_ids.move_id):
                messages.append(
                    {
                        **common,
                        "model": record._name,
                        "res_id": record.id,
                        "body": body,
                        "reply_to": reply_to[record._name][record.id],
                    }
                )
        self.env["mail.message"].sudo().create(messages)
