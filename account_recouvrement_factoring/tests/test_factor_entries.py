"""Factoring hand-off (issue #14): the transfer entry, the documents out of
the dunning, and the document the factor returns unpaid back in it."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FactorCommon


@tagged("post_install", "-at_install")
class TestFactorEntries(FactorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create(
            {"name": "Client non cédé", "is_company": True, "email": "a@b.example"}
        )

    @staticmethod
    def _lines(entry):
        return sorted(
            (
                line.account_id.code,
                line.partner_id.name,
                line.debit,
                line.credit,
            )
            for line in entry.line_ids
        )

    def _confirmed(self):
        first = self._post_invoice(amount=1000.0)
        second = self._post_invoice(partner=self.customer_2, amount=500.0)
        credit_note = self._credit_note(first, 200.0, on=date(2026, 2, 5))
        batch = self._batch(first | second | credit_note)
        with freeze_time(date(2026, 2, 15)):
            batch.action_confirm()
        return batch, first, second, credit_note

    def test_confirm_books_the_transfer_and_settles_the_documents(self):
        batch, first, second, credit_note = self._confirmed()
        self.assertEqual(batch.state, "accounted")
        self.assertTrue(batch.file_attachment_id, "the file is written on the way")
        entry = batch.account_move_id
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.journal_id, self.misc_journal)
        self.assertEqual(entry.date, date(2026, 2, 15))
        # 1,000.00 + 500.00 − 200.00 = 1,300.00 owed by the factor
        self.assertEqual(
            self._lines(entry),
            [
                ("411100", "Boulangerie Martin", 0.0, 1000.0),
                ("411100", "Boulangerie Martin", 200.0, 0.0),
                ("411100", "Garage Dupont", 0.0, 500.0),
                ("467100", "BPCE Factor", 1300.0, 0.0),
            ],
        )
        for move in (first, second, credit_note):
            self.assertEqual(move.amount_residual, 0.0, move.name)
            self.assertTrue(move.recouvrement_factored, move.name)
        self.assertEqual((first | second).mapped("payment_state"), ["paid", "paid"])
        exclusion = first.recouvrement_exclusion_ids
        self.assertEqual(exclusion.source, "factoring")
        self.assertEqual(exclusion.origin_ref, batch)
        self.assertTrue(first.recouvrement_excluded)

    def test_factored_invoices_are_absent_from_the_dunning_run(self):
        batch, first, second, _credit_note = self._confirmed()
        ours = self._post_invoice(partner=self.other, amount=300.0)
        comms = self._run(date(2026, 4, 15))
        self.assertEqual(comms.line_ids.move_id, ours)
        # even with the exclusion closed, the run leaves a factored invoice
        first.recouvrement_exclusion_ids.action_close()
        second.recouvrement_exclusion_ids.action_close()
        self.assertFalse(first.recouvrement_excluded)
        comms = self._run(date(2026, 4, 16))
        self.assertFalse(comms.line_ids.move_id & (first | second))

    def test_return_from_factor_puts_the_invoice_back_in_the_dunning(self):
        batch, first, second, _credit_note = self._confirmed()
        with freeze_time(date(2026, 4, 20)):
            first.action_recouvrement_factor_return()
        reversal = first.recouvrement_factor_return_move_id
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.date, date(2026, 4, 20))
        self.assertEqual(
            self._lines(reversal),
            [
                ("411100", "Boulangerie Martin", 1000.0, 0.0),
                ("467100", "BPCE Factor", 0.0, 1000.0),
            ],
        )
        self.assertEqual(first.amount_residual, 1000.0)
        self.assertEqual(first.payment_state, "not_paid")
        self.assertFalse(first.recouvrement_factored)
        self.assertFalse(first.recouvrement_excluded)
        self.assertTrue(second.recouvrement_factored)
        # the transfer line of the invoice is settled by the reversal: the
        # factor now owes 300.00
        factor_balance = sum(
            self.env["account.move.line"]
            .search([("account_id", "=", self.factor_account.id)])
            .mapped("balance")
        )
        self.assertEqual(factor_balance, 300.0)
        comms = self._run(date(2026, 4, 25))
        line = comms.line_ids
        self.assertEqual(line.move_id, first)
        self.assertEqual(line.date_due, date(2026, 3, 2))
        self.assertEqual(line.days_late, 54)

    def test_factored_document_and_transfer_entry_stay_posted(self):
        batch, first, _second, credit_note = self._confirmed()
        for move in (first, credit_note, batch.account_move_id):
            with self.assertRefused(UserError, "cannot be reset to draft"):
                move.button_draft()
            self.assertEqual(move.state, "posted", move.name)
        self.assertEqual(first.payment_state, "paid")
        # returned by the factor, the invoice is the company's again
        with freeze_time(date(2026, 4, 20)):
            first.action_recouvrement_factor_return()
        first.button_draft()
        self.assertEqual(first.state, "draft")

    def test_return_of_a_document_not_held_by_the_factor_is_refused(self):
        invoice = self._post_invoice(amount=1000.0)
        self._batch(invoice)
        with self.assertRefused(UserError, "Only a document held by the factor"):
            invoice.action_recouvrement_factor_return()
        self.assertFalse(invoice.recouvrement_factor_return_move_id)
        batch, first, _second, _credit_note = self._confirmed()
        with freeze_time(date(2026, 4, 20)):
            first.action_recouvrement_factor_return()
        reversal = first.recouvrement_factor_return_move_id
        with self.assertRefused(UserError, "Only a document held by the factor"):
            first.action_recouvrement_factor_return()
        self.assertEqual(first.recouvrement_factor_return_move_id, reversal)

    # ------------------------------------------------------------------
    # The factor's statement
    # ------------------------------------------------------------------

    def _statement(self, batch, **values):
        return (
            self.env["recouvrement.factor.statement.wizard"]
            .with_context(active_model=batch._name, active_id=batch.id)
            .create({"date": date(2026, 2, 20), **values})
        )

    def test_factor_statement_books_the_financing(self):
        batch, _first, _second, _credit_note = self._confirmed()
        wizard = self._statement(batch)
        # 1,300.00 financed; commission 0.5 % = 6.50, VAT 20 % = 1.30,
        # reserve 10 % = 130.00; paid: 1,300.00 − 6.50 − 1.30 − 130.00 = 1,162.20
        self.assertEqual(wizard.amount_financed, 1300.0)
        self.assertEqual(wizard.commission, 6.5)
        self.assertEqual(wizard.commission_tax, 1.3)
        self.assertEqual(wizard.reserve, 130.0)
        self.assertEqual(wizard.amount_net, 1162.2)
        self.assertEqual(wizard.journal_id.type, "bank")
        wizard.action_confirm()
        entry = batch.statement_move_ids
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.date, date(2026, 2, 20))
        bank = wizard.journal_id.default_account_id.code
        self.assertEqual(
            self._lines(entry),
            sorted(
                [
                    (bank, False, 1162.2, 0.0),
                    ("445660", False, 1.3, 0.0),
                    ("467100", "BPCE Factor", 0.0, 1300.0),
                    ("467200", "BPCE Factor", 130.0, 0.0),
                    ("622500", False, 6.5, 0.0),
                ]
            ),
        )
        # the factor's account is settled: it owed 1,300.00 and paid it
        factor_balance = sum(
            self.env["account.move.line"]
            .search([("account_id", "=", self.factor_account.id)])
            .mapped("balance")
        )
        self.assertEqual(factor_balance, 0.0)

    def test_factor_statement_bad_amounts_are_refused(self):
        draft = self._batch(self._post_invoice(amount=100.0))
        wizard = self._statement(draft)
        with self.assertRefused(UserError, "once the batch .* is booked"):
            wizard.action_confirm()
        batch, _first, _second, _credit_note = self._confirmed()
        wizard = self._statement(batch, reserve=1500.0)
        with self.assertRefused(UserError, "must be positive and cover"):
            wizard.action_confirm()
        self.assertFalse(batch.statement_move_ids)
