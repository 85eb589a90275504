"""The disputes and insolvency proceedings of the demo, made after the
core's on the main company: an open dispute, a justified one, a rejected
one and a customer in redressement judiciaire, with the runs of the core's
demo days replayed for their customers only; in French."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from ..demo.recouvrement_dispute_demo import DEMO_DISPUTE_CUSTOMERS, MODULE

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestDisputeDemo(TransactionCase):
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
            cls.env["recouvrement.dispute"]._demo_generate()
        cls.customers = {
            xmlid: cls.env.ref(f"{MODULE}.{xmlid}")
            for xmlid, _values, _invoices in DEMO_DISPUTE_CUSTOMERS
        }

    def test_customers_in_french(self):
        """French firms, in French; the hotel's accounting department, which
        gets its emails, too."""
        customers = self.env["res.partner"].union(*self.customers.values())
        self.assertEqual(set(customers.mapped("lang")), {"fr_FR"})
        hotel = self.customers["demo_customer_vieux_port"]
        self.assertEqual(hotel.child_ids.mapped("type"), ["invoice"])
        self.assertEqual(hotel.child_ids.lang, "fr_FR")

    def _disputes(self, xmlid):
        return self.env["recouvrement.dispute"].search(
            [("partner_id", "=", self.customers[xmlid].id)]
        )

    def _communications(self, xmlid):
        return self.env["recouvrement.communication"].search(
            [("partner_id", "=", self.customers[xmlid].id)]
        )

    def test_open_dispute_and_the_other_invoices_chased(self):
        dispute = self._disputes("demo_customer_vieux_port")
        self.assertEqual(dispute.state, "open")
        self.assertEqual(dispute.reason_id.with_context(lang="fr_FR").name, "Qualité")
        self.assertEqual(dispute.date, TODAY - timedelta(14))
        self.assertTrue(dispute.move_id.recouvrement_excluded)
        # the hotel's other invoices chased on: today's second reminder
        today = self._communications("demo_customer_vieux_port").filtered(
            lambda comm: comm.date == TODAY
        )
        self.assertEqual(today.state, "to_review")
        self.assertNotIn(dispute.move_id, today.line_ids.move_id)
        self.assertTrue(today.line_ids)

    def test_justified_and_rejected_disputes(self):
        justified = self._disputes("demo_customer_chevalier")
        self.assertEqual(justified.state, "justified")
        self.assertEqual(justified.credit_note_id.state, "posted")
        self.assertEqual(justified.amount, 180.0)
        self.assertFalse(justified.move_id.recouvrement_excluded)
        rejected = self._disputes("demo_customer_mercier")
        self.assertEqual(rejected.state, "rejected")
        self.assertEqual(rejected.resolution_date, TODAY - timedelta(12))
        self.assertFalse(rejected.move_id.recouvrement_excluded)
        # both chased today
        for xmlid in ("demo_customer_chevalier", "demo_customer_mercier"):
            self.assertTrue(
                self._communications(xmlid).filtered(lambda comm: comm.date == TODAY),
                xmlid,
            )

    def test_insolvent_customer_reminded_before_not_since(self):
        perrin = self.customers["demo_customer_perrin"]
        self.assertEqual(perrin.recouvrement_insolvency_state, "receivership")
        judgement = perrin.recouvrement_insolvency_date
        self.assertEqual(judgement, TODAY - timedelta(20))
        comms = self._communications("demo_customer_perrin")
        self.assertTrue(comms.filtered(lambda comm: comm.date < judgement))
        self.assertFalse(comms.filtered(lambda comm: comm.date >= judgement))
        self.assertEqual(perrin.recouvrement_claim_deadline, TODAY + timedelta(51))
        self.assertTrue(
            perrin.activity_ids.filtered(
                lambda act: (
                    act.activity_type_id
                    == self.env.ref(f"{MODULE}.mail_activity_type_recouvrement_claim")
                )
            )
        )

    def test_core_demo_left_as_it_was(self):
        """The runs replayed for these customers only: the core's customers
        got nothing more, and today's queue stays as it was."""
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
