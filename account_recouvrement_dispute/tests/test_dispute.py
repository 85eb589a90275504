"""Disputes: the contested invoice, and only it, leaves the dunning until the
dispute is settled (issue #12)."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestDispute(RecouvrementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason_quality = cls.env.ref(
            "account_recouvrement_dispute.dispute_reason_quality"
        )
        cls.Dispute = cls.env["recouvrement.dispute"]

    def _dispute(self, invoice, on=date(2026, 3, 20), **values):
        with freeze_time(on):
            return self.Dispute.create(
                {"move_id": invoice.id, "reason_id": self.reason_quality.id, **values}
            )

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------

    def test_run_skips_exactly_the_disputed_invoice(self):
        disputed = self._post_invoice(amount=1000.0)
        sibling = self._post_invoice(amount=500.0)
        dispute = self._dispute(disputed, on=date(2026, 3, 5))
        self.assertEqual(disputed.recouvrement_dispute_id, dispute)
        self.assertTrue(disputed.recouvrement_excluded)
        self.assertEqual(dispute.amount, 1000.0, "the residual by default")
        # the reason's 30 days from 03/05 = 04/04
        self.assertEqual(dispute.deadline, date(2026, 4, 4))
        comm = self._run(date(2026, 3, 12))
        self.assertEqual(comm.line_ids.move_id, sibling)
        self.assertFalse(disputed.recouvrement_level_id)
        # up to the formal notice: charges on the sibling only
        self._run(date(2026, 3, 27)).action_send()
        notice = self._run(date(2026, 4, 11))
        self._send(notice, date(2026, 4, 11))
        self.assertEqual(notice.line_ids.move_id, sibling)
        self.assertEqual(notice.charge_ids.move_id, sibling)

    def test_dispute_withdraws_the_invoice_from_pending_reminders(self):
        first = self._post_invoice(amount=1000.0)
        second = self._post_invoice(amount=500.0)
        self._run(date(2026, 3, 12))
        pending = self._run(date(2026, 3, 27))
        self.assertEqual(pending.state, "to_review")
        self.assertEqual(pending.line_ids.move_id, first | second)
        self._dispute(first, on=date(2026, 3, 28))
        self.assertEqual(pending.line_ids.move_id, second)
        self.assertEqual(pending.amount_residual, 500.0)
        self.assertIn(first.name, pending.message_ids[0].body)
        self.assertEqual(pending.state, "to_review")
        # the last invoice disputed: nothing left to send
        self._dispute(second, on=date(2026, 3, 28))
        self.assertEqual(pending.state, "cancelled")

    def test_sent_reminders_keep_their_lines(self):
        invoice = self._post_invoice(amount=1000.0)
        sent = self._run(date(2026, 3, 12))
        self.assertEqual(sent.state, "sent")
        self._dispute(invoice, on=date(2026, 3, 20))
        self.assertEqual(sent.line_ids.move_id, invoice)

    # ------------------------------------------------------------------
    # Settling
    # ------------------------------------------------------------------

    def test_rejected_dispute_resumes_at_its_level(self):
        invoice = self._post_invoice(amount=1000.0)
        self._run(date(2026, 3, 12))
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)
        dispute = self._dispute(invoice, on=date(2026, 3, 20))
        self.assertFalse(self._run(date(2026, 3, 27)))
        with freeze_time("2026-04-20"):
            dispute.action_reject()
        self.assertEqual(dispute.state, "rejected")
        self.assertEqual(dispute.resolution_date, date(2026, 4, 20))
        self.assertFalse(invoice.recouvrement_excluded)
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)
        # late from its original due date (03/02): 49 days on 04/20, past the
        # formal notice's 40 days, but the levels go up one at a time
        comm = self._run(date(2026, 4, 20))
        self.assertEqual(comm.level_id, self.level_second)
        self.assertEqual(comm.line_ids.days_late, 49)

    def test_justified_dispute_full_credit_note(self):
        invoice = self._post_invoice(amount=1200.0)
        dispute = self._dispute(invoice)
        with freeze_time("2026-03-25"):
            dispute.action_resolve_justified()
        credit_note = dispute.credit_note_id
        self.assertEqual(dispute.state, "justified")
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.amount_total, 1200.0)
        self.assertEqual(credit_note.recouvrement_dispute_origin_id, dispute)
        self.assertFalse(invoice.recouvrement_dispute_id)
        # out of the dunning until the manager posts the credit note
        self.assertTrue(invoice.recouvrement_excluded)
        self.assertFalse(self._run(date(2026, 3, 27)))
        credit_note.action_post()
        self.assertFalse(invoice.recouvrement_excluded)

    def test_justified_dispute_partial_credit_note(self):
        """300.00 of a 1,200.00 invoice contested and granted: the credit
        note is 300.00 and the 900.00 left is chased again."""
        invoice = self._post_invoice(amount=1200.0)
        dispute = self._dispute(invoice, amount=300.0)
        dispute.action_resolve_justified()
        credit_note = dispute.credit_note_id
        self.assertEqual(credit_note.amount_total, 300.0)
        credit_note.action_post()
        (invoice.line_ids | credit_note.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).reconcile()
        self.assertEqual(invoice.amount_residual, 900.0)
        comm = self._run(date(2026, 3, 27))
        self.assertEqual(comm.line_ids.move_id, invoice)
        self.assertEqual(comm.amount_residual, 900.0)

    def test_only_a_manager_posts_the_credit_note(self):
        controller = self.env["res.users"].create(
            {
                "name": "Chargée de recouvrement",
                "login": "controller@example.com",
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("account.group_account_invoice").id,
                            self.env.ref(
                                "account_recouvrement_base.group_recouvrement_user"
                            ).id,
                        ]
                    )
                ],
                "company_ids": [Command.set(self.company.ids)],
                "company_id": self.company.id,
            }
        )
        invoice = self._post_invoice(amount=1200.0)
        dispute = self._dispute(invoice).with_user(controller)
        dispute.action_resolve_justified()
        credit_note = dispute.credit_note_id.with_user(controller)
        with self.assertRefused(UserError, "Only a dunning manager"):
            credit_note.action_post()
        self.assertEqual(credit_note.state, "draft")
        self.assertTrue(invoice.recouvrement_excluded)

    def test_deadline_activity_and_overdue_filter(self):
        invoice = self._post_invoice(amount=1000.0)
        dispute = self._dispute(invoice, deadline=date(2026, 3, 31))
        activity = dispute.activity_ids
        self.assertEqual(activity.date_deadline, date(2026, 3, 31))
        self.assertEqual(activity.user_id, self.env.user)
        with freeze_time("2026-04-01"):
            self.assertIn(dispute, self.Dispute.search([("is_overdue", "=", True)]))
        with freeze_time("2026-03-31"):
            self.assertNotIn(dispute, self.Dispute.search([("is_overdue", "=", True)]))
        dispute.action_cancel()
        self.assertFalse(dispute.activity_ids)
        self.assertFalse(invoice.recouvrement_excluded)

    def test_wizard_opens_disputes_on_several_invoices(self):
        first = self._post_invoice(amount=100.0)
        second = self._post_invoice(amount=200.0)
        wizard = (
            self.env["recouvrement.dispute.wizard"]
            .with_context(active_model="account.move", active_ids=(first | second).ids)
            .create({"reason_id": self.reason_quality.id})
        )
        wizard.action_confirm()
        self.assertEqual(first.recouvrement_dispute_id.amount, 100.0)
        self.assertEqual(second.recouvrement_dispute_id.amount, 200.0)

    def _compose(self, action):
        composer = (
            self.env["mail.compose.message"]
            .with_context(**action["context"])
            .create({})
        )
        composer._action_send_mail()
        return self.env["mail.mail"].search([], order="id desc", limit=1)

    def test_customer_told_of_the_dispute_and_its_outcome(self):
        invoice = self._post_invoice(amount=1200.0)
        dispute = self._dispute(invoice, amount=300.0, deadline=date(2026, 4, 3))
        mail = self._compose(dispute.action_send_acknowledgement())
        self.assertIn(dispute.name, mail.body_html)
        self.assertIn("300.00", mail.body_html)
        self.assertIn("04/03/2026", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.customer)
        with self.assertRefused(UserError, "Settle the dispute before"):
            dispute.action_send_outcome()
        dispute.resolution_note = (
            "Les palettes livrées étaient conformes au bon de commande."
        )
        dispute.action_reject()
        mail = self._compose(dispute.action_send_outcome())
        self.assertIn("we cannot accept your dispute", mail.body_html)
        self.assertIn("conformes au bon de commande", mail.body_html)

    def test_emails_signed_as_the_reminders(self):
        """By the company's collection signatory when set, else by the
        dispute's owner; never by a technical user."""
        invoice = self._post_invoice(amount=1200.0)
        dispute = self._dispute(invoice, amount=300.0)
        self.env.user.partner_id.function = "Comptable clients"
        self.company.recouvrement_signatory_name = False
        mail = self._compose(dispute.action_send_acknowledgement())
        self.assertIn(self.env.user.name, mail.body_html)
        self.assertIn("Comptable clients", mail.body_html)
        self.company.write(
            {
                "recouvrement_signatory_name": "Claire Morel",
                "recouvrement_signatory_title": "Responsable du recouvrement",
            }
        )
        dispute.action_reject()
        mail = self._compose(dispute.action_send_outcome())
        self.assertIn("Claire Morel", mail.body_html)
        self.assertIn("Responsable du recouvrement", mail.body_html)
        self.assertNotIn("Comptable clients", mail.body_html)
        self.company.write(
            {
                "recouvrement_signatory_name": False,
                "recouvrement_signatory_title": False,
            }
        )
        dispute.user_id = self.env.ref("base.user_root")
        self.assertFalse(dispute.signatory_name)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------

    def test_bad_disputes_are_refused(self):
        invoice = self._post_invoice(amount=1000.0)
        paid = self._post_invoice(amount=400.0)
        self._pay(paid, 400.0, date(2026, 3, 1))
        draft = invoice.copy()
        count = self.Dispute.search_count([])
        with self.assertRefused(UserError, "is paid"):
            self._dispute(paid)
        with self.assertRefused(UserError, "Only posted customer invoices"):
            self._dispute(draft)
        with self.assertRefused(ValidationError, "cannot exceed what remains due"):
            self._dispute(invoice, amount=1000.01)
        with self.assertRefused(ValidationError, "must be positive"):
            self._dispute(invoice, amount=0.0)
        with self.assertRefused(ValidationError, "cannot be before the day"):
            self._dispute(invoice, deadline=date(2026, 3, 19))
        self.assertEqual(self.Dispute.search_count([]), count)
        self.assertFalse(invoice.recouvrement_excluded)
        dispute = self._dispute(invoice)
        with self.assertRefused(UserError, "already has an open dispute"):
            self._dispute(invoice)
        self.assertEqual(invoice.recouvrement_dispute_ids, dispute)
        dispute.action_reject()
        with self.assertRefused(UserError, "already settled"):
            dispute.action_resolve_justified()
        self.assertEqual(dispute.state, "rejected")
        self.assertFalse(dispute.credit_note_id)

    def test_disputes_are_never_deleted(self):
        dispute = self._dispute(self._post_invoice(amount=100.0))
        with self.assertRefused(UserError, "kept for the history"):
            dispute.sudo().unlink()
        self.assertTrue(dispute.exists())
