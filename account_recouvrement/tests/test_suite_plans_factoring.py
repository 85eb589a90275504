"""The payment plans and the factoring together, as the installer puts
them: neither addon knows the other, each answers the core's extension
points (``account.move._recouvrement_free_sql`` and
``_recouvrement_check_collectable``)."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.account_recouvrement_factoring.tests.common import FactorCommon


@tagged("post_install", "-at_install")
class TestPlansAndFactoring(FactorCommon):
    def _active_plan(self, invoice):
        with freeze_time(date(2026, 2, 10)):
            plan = self.env["recouvrement.plan"].create(
                {
                    "move_ids": [Command.set(invoice.ids)],
                    "first_date": date(2026, 4, 15),
                }
            )
            plan.action_activate(signed_date=date(2026, 2, 10))
        return plan

    def test_an_invoice_under_a_plan_goes_in_no_batch(self):
        planned = self._post_invoice(amount=600.0)
        other = self._post_invoice(amount=400.0)
        plan = self._active_plan(planned)
        batch = self._batch()
        batch.action_add_eligible()
        self.assertEqual(batch.move_ids, other)
        self.assertFalse(planned.recouvrement_factor_batch_id)
        # the plan cancelled, the next batch takes it
        plan.action_cancel()
        next_batch = self._batch()
        next_batch.action_add_eligible()
        self.assertEqual(next_batch.move_ids, planned)

    def test_no_plan_on_a_document_in_a_batch(self):
        invoice = self._post_invoice(amount=600.0)
        batch = self._batch(invoice)
        Plan = self.env["recouvrement.plan"]
        plans = Plan.search_count([])
        with freeze_time("2026-03-20"):
            with self.assertRefused(UserError, "handed over to the factor"):
                Plan.create(
                    {
                        "move_ids": [Command.set(invoice.ids)],
                        "installment_count": 3,
                        "interval": "month",
                        "first_date": date(2026, 4, 1),
                    }
                )
        self.assertEqual(Plan.search_count([]), plans)
        # once the batch is cancelled, the invoice is ours again
        batch.action_cancel()
        with freeze_time("2026-03-20"):
            plan = Plan.create(
                {"move_ids": [Command.set(invoice.ids)], "first_date": date(2026, 4, 1)}
            )
        self.assertEqual(plan.move_ids, invoice)
