"""What a dispute holds: the run leaves the disputed invoice out in its own
query, and the core's views show the dispute where they leave room for it
(the litigation cases refusing a disputed invoice: the installer's
tests/test_suite_cases.py)."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DisputeCommon


@tagged("post_install", "-at_install")
class TestDisputeTakers(DisputeCommon):
    def test_invoice_form_shows_the_dispute(self):
        """The invoice's form, as the core and this addon make it: the
        dispute's button and banner, and the core's buttons hidden while the
        dispute holds the invoice."""
        invoice = self._post_invoice(amount=900.0)
        arch = self.env["account.move"].get_view(
            self.env.ref("account.view_move_form").id, "form"
        )["arch"]
        for name in (
            "action_recouvrement_open_dispute",
            "action_recouvrement_view_disputes",
        ):
            self.assertEqual(arch.count(f'name="{name}"'), 1, name)
        self.assertIn('name="recouvrement_dispute_banner"', arch)
        self._dispute(invoice, on=date(2026, 3, 5))
        self.assertIn("Disputed (Quality", invoice.recouvrement_dispute_banner)

    def test_run_queries_do_not_grow_with_disputes(self):
        """Disputed invoices and customers under insolvency proceedings are
        left out by the run's query itself: the same number of queries with
        none of them as with 10 disputes (2 of them rejected, back in the
        dunning) and 2 customers in receivership among 30 more invoices."""
        self.levels.write({"review_needed": True})

        self._post_invoice()
        self._post_invoice(partner=self.customer_2)
        self._count_run(date(2026, 3, 14))  # fill the registry's caches first
        small, result = self._count_run(date(2026, 3, 14))
        self.assertEqual(result, (2, 2))
        others = self.env["res.partner"].create(
            [{"name": f"Client {index}", "is_company": True} for index in range(10)]
        )
        disputed = self.env["account.move"]
        for partner in others:
            for due in (date(2026, 3, 2), date(2026, 2, 25), date(2026, 3, 1)):
                invoice = self._post_invoice(partner=partner, amount=90.0, due=due)
            disputed |= invoice
        with freeze_time("2026-03-05"):
            disputes = self.Dispute.create(
                [
                    {"move_id": move.id, "reason_id": self.reason_quality.id}
                    for move in disputed
                ]
            )
        with freeze_time("2026-03-10"):
            disputes[:2].action_reject()
            others[-2:].write(
                {
                    "recouvrement_insolvency_state": "receivership",
                    "recouvrement_insolvency_date": date(2026, 3, 10),
                }
            )
        large, result = self._count_run(date(2026, 3, 14))
        # 2 + 8 customers; 2 + 2 × 3 (disputes rejected) + 6 × 2 lines
        self.assertEqual(result, (10, 20))
        self.assertEqual(large, small)
