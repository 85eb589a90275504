from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestPlanTour(RecouvrementCommon, HttpCase):
    def test_make_and_activate_a_plan(self):
        """From an overdue invoice's form, the credit controller makes a
        payment plan of 3 monthly instalments in the browser and activates it,
        signed today: the invoice leaves the dunning."""
        today = fields.Date.today()
        invoice = self._post_invoice(amount=900.0, due=today - timedelta(days=20))
        if "odoobot_state" in self.env.user._fields:
            self.env.user.sudo().odoobot_state = "disabled"
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}",
            "account_recouvrement_plan_tour",
            login=self.env.user.login,
        )
        invoice.invalidate_recordset()
        plan = invoice.recouvrement_plan_id
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.signed_date, today)
        self.assertEqual(plan.move_ids, invoice)
        self.assertEqual(plan.interval, "month")
        self.assertEqual(plan.amount_total, 900.0)
        lines = plan.line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("amount"), [300.0, 300.0, 300.0])
        self.assertEqual(sum(lines.mapped("amount")), plan.amount_total)
        # the wizard's first due date: a month from today, then monthly
        self.assertEqual(lines[0].date_due, today + relativedelta(months=1))
        self.assertEqual(lines.mapped("date_due"), sorted(lines.mapped("date_due")))
        self.assertEqual(plan.end_date, lines[2].date_due)
        self.assertEqual(lines.mapped("state"), ["open"] * 3)
        # out of the dunning: excluded for the plan, in no reminder of today's run
        self.assertTrue(invoice.recouvrement_excluded)
        self.assertEqual(invoice.recouvrement_exclusion_ids.source, "payment_plan")
        self.assertEqual(invoice.recouvrement_acknowledgement_date, today)
        comms = self.env["recouvrement.run"]._run(date=today, companies=self.company)
        self.assertNotIn(invoice, comms.line_ids.move_id)
