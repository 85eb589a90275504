"""What a dispute holds: the disputed invoice goes to no litigation case
until the dispute is settled, the run leaves it out in its own query, and
the core's views show the dispute where they leave room for it."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import DisputeCommon


@tagged("post_install", "-at_install")
class TestDisputeTakers(DisputeCommon):
    def test_no_litigation_case_on_a_disputed_invoice(self):
        disputed = self._post_invoice(amount=900.0)
        other = self._post_invoice(amount=400.0)
        dispute = self._dispute(disputed, on=date(2026, 3, 5))
        self.assertTrue(disputed.recouvrement_held)
        self.assertFalse(other.recouvrement_held)
        Case = self.env["recouvrement.case"]
        cases = Case.search_count([])
        with freeze_time("2026-03-20"):
            with self.assertRefused(
                UserError, "is disputed .*settle the dispute before going to court"
            ):
                Case.create({"move_ids": [Command.set(disputed.ids)]}).action_open()
        self.assertEqual(Case.search_count([]), cases)
        # the case wizard, from the customer, leaves the disputed invoice out
        with freeze_time("2026-03-20"):
            wizard = Form(
                self.env["recouvrement.case.wizard"].with_context(
                    active_model="res.partner", active_ids=self.customer.ids
                )
            ).save()
        self.assertEqual(wizard.move_ids, other)
        # the dispute rejected, the invoice may go to court
        with freeze_time("2026-03-25"):
            dispute.action_reject()
            case = Case.create({"move_ids": [Command.set(disputed.ids)]})
            case.action_open()
        self.assertFalse(disputed.recouvrement_held)
        self.assertEqual(disputed.recouvrement_case_id, case)

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
            "action_recouvrement_open_case",
        ):
            self.assertEqual(arch.count(f'name="{name}"'), 1, name)
        self.assertIn('name="recouvrement_dispute_banner"', arch)
        self._dispute(invoice, on=date(2026, 3, 5))
        self.assertIn("Disputed (Quality", invoice.recouvrement_dispute_banner)

    def _count_run(self, on):
        """Queries of the run on day ``on``, and (communications, lines) it
        made; everything it did is rolled back."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        savepoint = self.env.cr.savepoint()
        comms = self._run(on)
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        made = (len(comms), len(comms.line_ids))
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        return count, made

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
