"""Factoring hand-off (issue #14): the contract, the batches and the
eligible documents, the bad inputs refused with nothing changed."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import FactorCommon


@tagged("post_install", "-at_install")
class TestFactorBatch(FactorCommon):
    # ------------------------------------------------------------------
    # The contract
    # ------------------------------------------------------------------

    def test_contract_accounts_default_to_the_french_chart(self):
        contract = self.env["recouvrement.factor.contract"].create(
            {
                "name": "Eurofactor",
                "factor_partner_id": self.factor.id,
                "client_code": "EF-1",
            }
        )
        self.assertEqual(contract.factor_account_id.code, "467000")
        self.assertEqual(contract.reserve_account_id.code, "467000")
        self.assertEqual(contract.commission_account_id.code, "622500")
        self.assertEqual(contract.commission_tax_account_id.code, "445660")
        self.assertEqual(contract.journal_id.type, "general")
        self.assertEqual(contract.currency_id, self.company.currency_id)
        self.assertEqual(
            contract._subrogation_mention(),
            "To be valid, your payment must be made to BPCE Factor, to which this "
            "receivable has been transferred by subrogation (art. 1346-1 of the "
            "Civil Code): BPCE Factor must be told of any claim.",
        )
        self.assertEqual(self.contract.partner_ids, self.customer | self.customer_2)

    def test_contract_without_a_commission_account_is_refused(self):
        self.env["account.account"].search(
            [("code", "=like", "6225%"), ("company_ids", "in", self.company.ids)]
        ).active = False
        Contract = self.env["recouvrement.factor.contract"]
        count = Contract.search_count([])
        with self.assertRefused(
            UserError, r"no account for Commission account \(6225\)"
        ):
            Contract.create(
                {
                    "name": "Eurofactor",
                    "factor_partner_id": self.factor.id,
                    "client_code": "EF-1",
                }
            )
        self.assertEqual(Contract.search_count([]), count)

    # ------------------------------------------------------------------
    # Eligible documents
    # ------------------------------------------------------------------

    def test_add_eligible_takes_exactly_the_transferable_documents(self):
        first = self._post_invoice(amount=1000.0, due=date(2026, 3, 2))
        second = self._post_invoice(
            partner=self.customer_2, amount=500.0, due=date(2026, 3, 10)
        )
        credit_note = self._credit_note(first, 200.0, on=date(2026, 2, 5))
        # not eligible: another currency, a customer without the contract, a
        # paid one, one after the date (one disputed or in an active plan: the
        # installer's tests, with the disputes and the payment plans)
        usd = self.setup_other_currency("USD")
        in_usd = self._post_invoice(amount=300.0, currency=usd)
        other = self.env["res.partner"].create({"name": "Hors contrat"})
        not_factored = self._post_invoice(partner=other, amount=300.0)
        paid = self._post_invoice(amount=700.0)
        self._pay(paid, 700.0, date(2026, 2, 10))
        later = self._post_invoice(amount=800.0, invoice_date=date(2026, 2, 20))

        batch = self._batch()
        self.assertRegex(batch.name, r"^AFF/2026/\d{4}$")
        self.assertEqual(batch.state, "draft")
        batch.action_add_eligible()
        self.assertEqual(batch.move_ids, first | second | credit_note)
        self.assertEqual(batch.amount_total, 1300.0)
        self.assertEqual(batch.move_count, 3)
        self.assertEqual(first.recouvrement_factor_batch_id, batch)
        self.assertFalse(first.recouvrement_factored, "not before it is booked")
        for move in (in_usd, not_factored, paid, later):
            self.assertFalse(move.recouvrement_factor_batch_id, move.name)
        # up to a later date, the later invoice comes in; a second batch
        # finds nothing left
        batch.action_add_eligible(date_to=date(2026, 2, 28))
        self.assertEqual(batch.move_ids, first | second | credit_note | later)
        other_batch = self._batch()
        other_batch.action_add_eligible(date_to=date(2026, 2, 28))
        self.assertFalse(other_batch.move_ids)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------

    def test_document_of_another_currency_or_company_is_refused(self):
        usd = self.setup_other_currency("USD")
        in_usd = self._post_invoice(amount=300.0, currency=usd)
        batch = self._batch()
        with self.assertRefused(ValidationError, r"currency USD"):
            batch.move_ids = [Command.link(in_usd.id)]
        self.assertFalse(batch.move_ids)
        self.assertFalse(in_usd.recouvrement_factor_batch_id)
        other_company = self.setup_other_company(name="Autre société")["company"]
        foreign = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            amounts=[100.0],
            post=True,
            company=other_company,
        )
        with self.assertRefused(ValidationError, rf"company {other_company.name}"):
            batch.move_ids = [Command.link(foreign.id)]
        self.assertFalse(foreign.recouvrement_factor_batch_id)

    def test_document_already_in_a_batch_is_refused(self):
        invoice = self._post_invoice(amount=1000.0)
        first = self._batch(invoice)
        second = self._batch()
        with self.assertRefused(
            UserError, rf"Already in a factoring batch: .*{first.name}"
        ):
            second.move_ids = [Command.link(invoice.id)]
        self.assertEqual(invoice.recouvrement_factor_batch_id, first)
        with self.assertRefused(UserError, "Already in a factoring batch"):
            self._batch(invoice)
        self.assertEqual(first.move_ids, invoice)

    def test_batch_without_documents_is_refused(self):
        batch = self._batch()
        entries = self.env["account.move"].search_count([("move_type", "=", "entry")])
        with self.assertRefused(UserError, "has no documents"):
            batch.action_confirm()
        with self.assertRefused(UserError, "has no documents"):
            batch.action_generate_file()
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file_attachment_id)
        self.assertEqual(
            self.env["account.move"].search_count([("move_type", "=", "entry")]),
            entries,
        )

    def test_confirming_twice_is_refused(self):
        invoice = self._post_invoice(amount=1000.0)
        batch = self._batch(invoice)
        batch.action_confirm()
        entry = batch.account_move_id
        self.assertTrue(entry)
        with self.assertRefused(UserError, "is Accounted: this is not possible"):
            batch.action_confirm()
        self.assertEqual(batch.account_move_id, entry)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("journal_id", "=", self.misc_journal.id), ("move_type", "=", "entry")]
            ),
            1,
        )

    def test_cancel_releases_the_documents(self):
        invoice = self._post_invoice(amount=1000.0)
        batch = self._batch(invoice)
        batch.action_cancel()
        self.assertEqual(batch.state, "cancelled")
        self.assertFalse(invoice.recouvrement_factor_batch_id)
        self._batch(invoice)
