"""The core's extension points the plans plug into: an invoice under an
active plan goes to no litigation case and is offered by neither wizard,
until the plan ends."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PlanCommon


@tagged("post_install", "-at_install")
class TestPlanTakers(PlanCommon):
    def test_case_refuses_an_invoice_under_an_active_plan(self):
        invoice = self._post_invoice(amount=900.0)
        plan = self._plan(invoice)
        self._activate(plan)
        Case = self.env["recouvrement.case"]
        with (
            freeze_time(date(2026, 3, 20)),
            self.assertRefused(
                UserError,
                f"{invoice.name} is under the active payment plan {plan.name}: "
                "it is taken in only once the plan is breached or cancelled",
            ),
        ):
            Case.create({"move_ids": [Command.set(invoice.ids)]}).action_open()
        self.assertFalse(Case.search([("move_ids", "in", invoice.ids)]))
        # the plan cancelled, the invoice may go to court
        plan.action_cancel()
        with freeze_time(date(2026, 3, 20)):
            case = Case.create({"move_ids": [Command.set(invoice.ids)]})
            case.action_open()
        self.assertEqual(case.state, "open")
        self.assertEqual(case.move_ids, invoice)

    def test_wizards_leave_out_the_invoices_under_a_plan(self):
        planned = self._post_invoice(amount=900.0)
        other = self._post_invoice(amount=300.0)
        self._activate(self._plan(planned))
        with freeze_time(date(2026, 3, 20)):
            for model in ("recouvrement.plan.wizard", "recouvrement.case.wizard"):
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
