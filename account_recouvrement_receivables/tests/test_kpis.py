from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestKpis(RecouvrementCommon):
    def test_recovery_rate_counts_payments_only(self):
        """Collected = payments received in the period; a credit note settles
        part of an invoice without collecting it.
        Period 01/03 → 31/03/2026, nothing owed before: invoices 1,000 + 500
        (sales 1,500, no credit note accounted before the period... the 200
        credit note is accounted in it: sales 1,300); 300 paid on 15/03, the
        credit note of 200 reconciled on 20/03: collected 300, recovery rate
        300 / (0 + 1,300) = 23.08 %."""
        invoice = self._post_invoice(
            amount=1000.0, invoice_date=date(2026, 3, 1), due=date(2026, 3, 31)
        )
        self._post_invoice(
            amount=500.0, invoice_date=date(2026, 3, 2), due=date(2026, 4, 1)
        )
        self._pay(invoice, 300.0, date(2026, 3, 15))
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 3, 20),
                "date": date(2026, 3, 20),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Avoir",
                            "quantity": 1,
                            "price_unit": 200.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        (invoice | refund).line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).reconcile()
        self.assertEqual(invoice.amount_residual, 500.0)
        report = self.env["recouvrement.receivable.report"]
        with freeze_time(date(2026, 4, 5)):
            opts = report._normalize_options(
                {
                    "date": date(2026, 3, 31),
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 3, 31),
                }
            )
            kpis = report._get_kpis(opts)
        self.assertEqual(kpis["opening"], 0.0)
        self.assertEqual(kpis["sales"], 1300.0)
        self.assertEqual(kpis["collected"], 300.0)
        self.assertAlmostEqual(kpis["recovery_rate"], 300 / 1300 * 100, places=6)
