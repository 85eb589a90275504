"""The disputes with the payment plans and the factoring, as the installer
puts them: no addon knows the others, each answers the core's extension
points (``account.move._recouvrement_check_free``, ``_recouvrement_free_sql``,
``recouvrement_held`` and ``recouvrement.invoice.selection._open_domain``)."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.account_recouvrement_factoring.tests.common import FactorCommon


@tagged("post_install", "-at_install")
class TestSuiteDisputes(FactorCommon):
    def _dispute(self, invoice, on=date(2026, 2, 10)):
        with freeze_time(on):
            return self.env["recouvrement.dispute"].create(
                {
                    "move_id": invoice.id,
                    "reason_id": self.env.ref(
                        "account_recouvrement_dispute.dispute_reason_quality"
                    ).id,
                }
            )

    def test_no_plan_on_a_disputed_invoice(self):
        disputed = self._post_invoice(amount=500.0)
        overdue = self._post_invoice(amount=1000.0)
        dispute = self._dispute(disputed)
        Plan = self.env["recouvrement.plan"]
        plans = Plan.search_count([])
        with freeze_time("2026-03-20"):
            with self.assertRefused(
                UserError, "is disputed .*before scheduling its payment"
            ):
                Plan.create(
                    {
                        "move_ids": [Command.set(disputed.ids)],
                        "first_date": date(2026, 4, 15),
                    }
                )
            # the plan wizard, from the customer, leaves it out
            wizard = (
                self.env["recouvrement.plan.wizard"]
                .with_context(active_model="res.partner", active_ids=self.customer.ids)
                .create({"first_date": date(2026, 4, 15)})
            )
        self.assertEqual(Plan.search_count([]), plans)
        self.assertIn(overdue, wizard.move_ids)
        self.assertNotIn(disputed, wizard.move_ids)
        # the dispute rejected, the invoice may be scheduled
        with freeze_time("2026-03-25"):
            dispute.action_reject()
            plan = Plan.create(
                {
                    "move_ids": [Command.set(disputed.ids)],
                    "first_date": date(2026, 4, 15),
                }
            )
        self.assertEqual(plan.move_ids, disputed)

    def test_a_disputed_invoice_goes_in_no_batch(self):
        disputed = self._post_invoice(amount=400.0)
        other = self._post_invoice(amount=600.0)
        dispute = self._dispute(disputed)
        batch = self._batch()
        batch.action_add_eligible()
        self.assertEqual(batch.move_ids, other)
        self.assertFalse(disputed.recouvrement_factor_batch_id)
        # the dispute cancelled, the next batch takes it
        with freeze_time("2026-02-12"):
            dispute.action_cancel()
        next_batch = self._batch()
        next_batch.action_add_eligible()
        self.assertEqual(next_batch.move_ids, disputed)

    def test_invoice_form_shows_each_button_once(self):
        """The invoice's form with every addon's view: the dispute's and the
        plan's buttons once each, the plan's button hidden by the dispute."""
        arch = self.env["account.move"].get_view(
            self.env.ref("account.view_move_form").id, "form"
        )["arch"]
        for name in (
            "action_recouvrement_open_dispute",
            "action_recouvrement_view_disputes",
            "action_recouvrement_create_plan",
            "action_recouvrement_view_plans",
            "action_recouvrement_open_case",
        ):
            self.assertEqual(arch.count(f'name="{name}"'), 1, name)
        self.assertIn("recouvrement_plan_id or recouvrement_held", arch)
