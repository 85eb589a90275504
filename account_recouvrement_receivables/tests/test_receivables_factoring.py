"""Factored invoices (issue #14) in the receivables workbook and in the
analysis: to be transferred, transferred, returned by the factor."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.account_recouvrement_factoring.tests.common import FactorCommon

from .common import ReceivablesWorkbookCommon


@tagged("post_install", "-at_install")
class TestReceivablesFactoring(FactorCommon, ReceivablesWorkbookCommon):
    def test_workbook_factoring_column(self):
        kept = self._post_invoice(amount=1000.0)
        returned = self._post_invoice(partner=self.customer_2, amount=500.0)
        transferred = self._post_invoice(amount=300.0)
        batch = self._batch(kept | returned | transferred)
        with freeze_time(date(2026, 2, 15)):
            batch.action_confirm()
        with freeze_time(date(2026, 4, 20)):
            returned.action_recouvrement_factor_return()
        # before the transfer, every invoice is open and to be transferred
        cells = self._invoice_cells(
            self._workbook(date(2026, 2, 10))["Invoices"], "Factoring"
        )
        self.assertEqual(
            cells,
            {
                name: (f"{batch.name} — to be transferred to BPCE Factor",)
                for name in (kept | returned | transferred).mapped("name")
            },
        )
        # after: only the returned one is ours again
        cells = self._invoice_cells(
            self._workbook(date(2026, 4, 30))["Invoices"], "Factoring"
        )
        self.assertEqual(
            cells,
            {returned.name: (f"{batch.name} — returned by BPCE Factor on 04/20/2026",)},
        )

    def test_analysis_factoring(self):
        draft = self._post_invoice(amount=1000.0)
        self._batch(draft)
        factored = self._post_invoice(partner=self.customer_2, amount=500.0)
        batch = self._batch(factored)
        with freeze_time(date(2026, 2, 15)):
            batch.action_confirm()
            factored.action_recouvrement_factor_return()
        self.env.flush_all()
        Analysis = self.env["recouvrement.receivable.analysis"]
        rows = Analysis.search([("move_id", "in", (draft | factored).ids)])
        self.assertEqual(
            {(row.move_id, row.factoring) for row in rows},
            {(draft, "to_transfer"), (factored, "returned")},
        )
        self.assertEqual(
            Analysis.search([("factoring", "=", "returned")]).factor_batch_id, batch
        )
