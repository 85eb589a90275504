"""Factoring and the VAT on payments (issue #14): the factor's advance is a
loan, not the customer's payment (instruction 3 D-6-94), so the VAT on
payments of a factored service invoice is not due on the transfer but on the
day the customer pays the factor."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FactorCommon


@tagged("post_install", "-at_install")
class TestFactorVat(FactorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        chart = cls.env["account.chart.template"].with_company(cls.company)
        # the French chart's 20 % on services: due on payment, waiting on 44574
        cls.service_tax = chart.ref("tva_normale_encaissement")
        cls.vat_waiting = chart.ref("pcg_44574")
        cls.vat_due = chart.ref("pcg_44571")

    def _service_invoice(self, amount=1000.0, move_type="out_invoice"):
        return self._post_invoice(
            amount=amount, taxes=self.service_tax, move_type=move_type
        )

    def _balance(self, account):
        return sum(
            self.env["account.move.line"]
            .search([("account_id", "=", account.id), ("parent_state", "=", "posted")])
            .mapped("balance")
        )

    def _confirmed(self):
        invoice = self._service_invoice()
        other = self._service_invoice(amount=500.0)
        batch = self._batch(invoice | other)
        with freeze_time(date(2026, 2, 15)):
            batch.action_confirm()
        return batch, invoice, other

    def _paid(self, moves, on, today=date(2026, 3, 25)):
        with freeze_time(today):
            wizard = (
                self.env["recouvrement.factor.paid.wizard"]
                .with_context(active_model="account.move", active_ids=moves.ids)
                .create({"date": on})
            )
            self.assertEqual(wizard.move_ids, moves)
            return wizard.action_confirm()

    def test_transfer_leaves_the_vat_on_payments_waiting(self):
        self.assertTrue(self.company.tax_exigibility)
        batch, invoice, other = self._confirmed()
        # settled for the company...
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(invoice.amount_residual, 0.0)
        # ...but nobody has paid yet: 200.00 + 100.00 of VAT still waiting
        self.assertFalse((invoice | other).tax_cash_basis_created_move_ids)
        self.assertEqual(self._balance(self.vat_waiting), -300.0)
        self.assertEqual(self._balance(self.vat_due), 0.0)

    def test_paid_to_the_factor_makes_the_vat_due_that_day(self):
        batch, invoice, other = self._confirmed()
        self._paid(invoice, date(2026, 3, 20))
        self.assertEqual(invoice.recouvrement_factor_paid_date, date(2026, 3, 20))
        vat_entry = invoice.tax_cash_basis_created_move_ids
        self.assertEqual(len(vat_entry), 1)
        self.assertEqual(vat_entry.state, "posted")
        self.assertEqual(vat_entry.date, date(2026, 3, 20))
        self.assertEqual(vat_entry.journal_id, self.company.tax_cash_basis_journal_id)
        vat_lines = sorted(
            (line.account_id.code, line.debit, line.credit)
            for line in vat_entry.line_ids
            if line.account_id in (self.vat_waiting | self.vat_due)
        )
        # 1,000.00 excl. VAT at 20 %: 200.00 from waiting to due
        self.assertEqual(
            vat_lines,
            sorted(
                [(self.vat_waiting.code, 200.0, 0.0), (self.vat_due.code, 0.0, 200.0)]
            ),
        )
        self.assertEqual(self._balance(self.vat_waiting), -100.0)
        self.assertEqual(self._balance(self.vat_due), -200.0)
        # the other document is not paid yet
        self.assertFalse(other.tax_cash_basis_created_move_ids)
        self.assertFalse(other.recouvrement_factor_paid_date)
        self.assertIn("paid the factor on", invoice.recouvrement_factor_banner)
        self.assertIn(vat_entry.name, invoice.message_ids[0].body)
        # from the batch: the documents still unpaid are proposed
        with freeze_time(date(2026, 4, 2)):
            wizard = (
                self.env["recouvrement.factor.paid.wizard"]
                .with_context(active_model=batch._name, active_id=batch.id)
                .create({"date": date(2026, 4, 1)})
            )
            self.assertEqual(wizard.move_ids, other)
            wizard.action_confirm()
        self.assertEqual(other.tax_cash_basis_created_move_ids.date, date(2026, 4, 1))
        self.assertEqual(self._balance(self.vat_waiting), 0.0)
        self.assertEqual(self._balance(self.vat_due), -300.0)

    def test_credit_note_paid_with_its_invoice_nets_the_vat(self):
        invoice = self._service_invoice()
        credit_note = self._service_invoice(amount=100.0, move_type="out_refund")
        credit_note.reversed_entry_id = invoice  # its origin, in the file
        batch = self._batch(invoice | credit_note)
        with freeze_time(date(2026, 2, 15)):
            batch.action_confirm()
        self.assertEqual(self._balance(self.vat_waiting), -180.0)
        # the customer paid the factor 1,200.00 − 120.00 = 1,080.00
        self._paid(invoice | credit_note, date(2026, 3, 20))
        self.assertEqual(
            credit_note.tax_cash_basis_created_move_ids.date, date(2026, 3, 20)
        )
        self.assertEqual(self._balance(self.vat_waiting), 0.0)
        self.assertEqual(self._balance(self.vat_due), -180.0)

    def test_paid_twice_or_returned_after_is_refused(self):
        batch, invoice, _other = self._confirmed()
        self._paid(invoice, date(2026, 3, 20))
        vat_entry = invoice.tax_cash_basis_created_move_ids
        with self.assertRefused(UserError, "already paid to the factor on"):
            self._paid(invoice, date(2026, 3, 22))
        self.assertEqual(invoice.tax_cash_basis_created_move_ids, vat_entry)
        self.assertEqual(invoice.recouvrement_factor_paid_date, date(2026, 3, 20))
        with self.assertRefused(UserError, "cannot come back unpaid"):
            invoice.action_recouvrement_factor_return()
        self.assertFalse(invoice.recouvrement_factor_return_move_id)
        self.assertTrue(invoice.recouvrement_factored)

    def test_vat_made_due_on_the_transfer_before_is_not_made_due_twice(self):
        """A document factored by an earlier version had its cash-basis entry
        on the transfer: recording its payment to the factor writes none."""
        batch, invoice, _other = self._confirmed()
        batch._transfer_partials(invoice)._create_tax_cash_basis_moves()
        earlier = invoice.tax_cash_basis_created_move_ids
        self.assertEqual(len(earlier), 1)
        self._paid(invoice, date(2026, 3, 20))
        self.assertEqual(invoice.tax_cash_basis_created_move_ids, earlier)
        self.assertEqual(invoice.recouvrement_factor_paid_date, date(2026, 3, 20))
        self.assertEqual(self._balance(self.vat_due), -200.0)

    def test_paid_bad_input_is_refused(self):
        batch, invoice, _other = self._confirmed()
        ours = self._post_invoice(amount=300.0)
        with self.assertRefused(UserError, "it is not held by the factor"):
            self._paid(invoice | ours, date(2026, 3, 20))
        with self.assertRefused(UserError, "the date is in the future"):
            self._paid(invoice, date(2026, 3, 26))
        with self.assertRefused(UserError, "after that day"):
            self._paid(invoice, date(2026, 2, 10))
        self.company.tax_lock_date = date(2026, 3, 31)
        with self.assertRefused(UserError, "are locked on"):
            self._paid(invoice, date(2026, 3, 20), today=date(2026, 4, 5))
        self.assertFalse(any((invoice | ours).mapped("recouvrement_factor_paid_date")))
        self.assertFalse(invoice.tax_cash_basis_created_move_ids)
        # returned by the factor, unpaid: no VAT became due, none to undo
        with freeze_time(date(2026, 4, 20)):
            invoice.action_recouvrement_factor_return()
        self.assertFalse(invoice.tax_cash_basis_created_move_ids)
        self.assertEqual(invoice.payment_state, "not_paid")
        with self.assertRefused(UserError, "it is not held by the factor"):
            self._paid(invoice, date(2026, 4, 20), today=date(2026, 4, 21))
