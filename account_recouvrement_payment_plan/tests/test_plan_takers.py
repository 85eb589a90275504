"""The core's extension points the plans plug into: an invoice under an
active plan is offered by no wizard until the plan ends (the litigation
cases refusing it: the installer's tests/test_suite_cases.py)."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import PlanCommon


@tagged("post_install", "-at_install")
class TestPlanTakers(PlanCommon):
    def test_wizards_leave_out_the_invoices_under_a_plan(self):
        planned = self._post_invoice(amount=900.0)
        other = self._post_invoice(amount=300.0)
        self._activate(self._plan(planned))
        with freeze_time(date(2026, 3, 20)):
            for model in ("recouvrement.plan.wizard",):
                wizard = Form(
                    self.env[model].with_context(
                        active_model="res.partner", active_ids=self.customer.ids
                    )
                )
                self.assertEqual(wizard.move_ids.ids, other.ids, model)

    def test_the_daily_cron_follows_the_plans_before_the_watch(self):
        """The cron's follow-up: the plans' (a plan paid off is done), then
        the core's prescription watch."""
        invoice = self._post_invoice(amount=1000.0)
        plan = self._plan(invoice, first_date=date(2026, 4, 1))
        self._activate(plan)
        self._pay_on(invoice, 1000.0, date(2026, 3, 20))
        with freeze_time("2026-03-21"):
            self.env["recouvrement.run"]._cron_follow_up()
        self.assertEqual(plan.state, "done")
        self.assertEqual(plan.close_date, date(2026, 3, 21))
