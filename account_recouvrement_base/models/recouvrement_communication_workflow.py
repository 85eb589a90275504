from collections import defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from .recouvrement_communication_send import LETTER_REPORT


class RecouvrementCommunicationWorkflow(models.AbstractModel):
    """What is done with a reminder: its recipient and letter dates, the
    invoices withdrawn from it, and the user's actions (send, cancel,
    postpone, print, exclude, bill the charges). Part of
    ``recouvrement.communication``."""

    _name = "recouvrement.communication.workflow"
    _description = "Dunning Communication: Actions"

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
