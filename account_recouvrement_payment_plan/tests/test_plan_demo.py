"""The payment plans of the demo, made after the core's on the main company:
one honoured, one late, one breached, with the runs and the plans' follow-up
of the core's demo days replayed for their customers only; in French."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from ..demo.recouvrement_plan_demo import DEMO_PLAN_CUSTOMERS, MODULE

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestPlanDemo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.company = cls.env.ref("base.main_company")
        if cls.company.chart_template != "fr":
            cls.env["account.chart.template"].try_loading("fr", cls.company)
        # wkhtmltopdf must not call back the test server (see the core's demo
        # test)
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        Communication = cls.env["recouvrement.communication"]
        with freeze_time(f"{TODAY} 10:00:00", tick=True):
            cls.env["recouvrement.run"]._demo_generate()
            cls.core_communications = Communication.search(
                [("company_id", "=", cls.company.id)]
            )
            cls.core_queue = cls.core_communications.filtered(
                lambda comm: comm.state == "to_review"
            )
            cls.env["recouvrement.plan"]._demo_generate()
        cls.customers = {
            xmlid: cls.env.ref(f"{MODULE}.{xmlid}")
            for xmlid, _values, _invoices in DEMO_PLAN_CUSTOMERS
        }

    def _plan(self, xmlid):
        return self.env["recouvrement.plan"].search(
            [("partner_id", "=", self.customers[xmlid].id)]
        )

    def _mails(self, plan):
        return self.env["mail.mail"].search(
            [("model", "=", plan._name), ("res_id", "=", plan.id)], order="id"
        )

    def test_honoured_plan(self):
        plan = self._plan("demo_customer_lambert")
        self.assertEqual(plan.state, "active")
        lines = plan.line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("state"), ["paid", "paid", "open"])
        self.assertEqual(lines[2].date_due, TODAY + timedelta(3))
        self.assertTrue(plan.move_ids.recouvrement_excluded)
        # the courtesy email of the last instalment, today, in French
        notice = self._mails(plan)[-1:]
        self.assertEqual(notice.date.date(), TODAY)
        self.assertIn("prochaine échéance", notice.subject.lower())

    def test_late_instalment(self):
        plan = self._plan("demo_customer_rousseau")
        self.assertEqual(plan.state, "active")
        self.assertEqual(
            plan.line_ids.sorted("sequence").mapped("state"), ["paid", "late", "open"]
        )
        reminder = self._mails(plan)[-1:]
        self.assertEqual(reminder.date.date(), TODAY)
        self.assertIn("impayée", reminder.subject.lower())

    def test_breached_plan_back_in_the_dunning(self):
        plan = self._plan("demo_customer_fabre")
        self.assertEqual(plan.state, "breached")
        self.assertEqual(plan.breach_date, TODAY - timedelta(15))
        self.assertTrue(plan.breach_attachment_id)
        self.assertFalse(any(plan.move_ids.mapped("recouvrement_excluded")))
        # reminded before the plan (the runs replayed for its customer), and
        # chased again once it lapsed: today's reminder waits for review
        comms = self.env["recouvrement.communication"].search(
            [("partner_id", "=", self.customers["demo_customer_fabre"].id)]
        )
        self.assertTrue(comms.filtered(lambda comm: comm.date < plan.signed_date))
        today = comms.filtered(lambda comm: comm.date == TODAY)
        self.assertEqual(today.state, "to_review")
        self.assertEqual(today.line_ids.move_id, plan.move_ids)

    def test_core_demo_left_as_it_was(self):
        """The runs replayed for the plans' customers only: the core's
        customers got nothing more, and today's queue stays as it was (what
        such a run leaves of the others' skip records: the core's
        test_net_position)."""
        communications = self.env["recouvrement.communication"].search(
            [("company_id", "=", self.company.id)]
        )
        added = (communications - self.core_communications).partner_id
        self.assertTrue(added)
        self.assertLessEqual(
            added, self.env["res.partner"].union(*self.customers.values())
        )
        self.assertEqual(
            self.core_queue.filtered(lambda comm: comm.state == "to_review"),
            self.core_queue,
        )
