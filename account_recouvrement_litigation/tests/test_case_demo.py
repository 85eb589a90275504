"""The litigation cases of the demo, made after the core's on the main
company: one at the formal notice, one at the injonction de payer, one in
enforcement (a doubtful receivable provisioned at 50 %), one closed as
irrecoverable and written off; in French."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from ..demo.recouvrement_litigation_demo import DEMO_CASES, MODULE

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestCaseDemo(TransactionCase):
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
        with freeze_time(f"{TODAY} 10:00:00", tick=True):
            cls.env["recouvrement.run"]._demo_generate()
            cls.env["recouvrement.case"]._demo_generate()
        cls.cases = {
            xmlid: cls.env["recouvrement.case"].search(
                [("partner_id", "=", cls.env.ref(f"{MODULE}.{xmlid}").id)]
            )
            for xmlid, *_rest in DEMO_CASES
        }

    def test_one_case_per_customer_at_its_stage(self):
        for xmlid, _values, invoices, _spec, stage, outcome in DEMO_CASES:
            case = self.cases[xmlid]
            self.assertEqual(len(case), 1, xmlid)
            # a closed case is at the closing stage
            self.assertEqual(
                case.stage_id,
                self.env.ref(
                    "account_recouvrement_litigation.stage_closed" if outcome else stage
                ),
                xmlid,
            )
            self.assertEqual(case.state, "closed" if outcome else "open", xmlid)
            self.assertEqual(case.outcome or None, outcome, xmlid)
            self.assertEqual(len(case.move_ids), len(invoices), xmlid)
            self.assertEqual(case.partner_id.lang, "fr_FR", xmlid)

    def test_open_cases_hold_their_invoices_out_of_the_dunning(self):
        for case in self.cases.values():
            if case.state == "open":
                self.assertTrue(all(case.move_ids.mapped("recouvrement_excluded")))
                self.assertEqual(
                    set(case.move_ids.recouvrement_exclusion_ids.mapped("source")),
                    {"litigation"},
                )

    def test_enforcement_doubtful_and_irrecoverable_written_off(self):
        enforced = self.cases["demo_customer_guerin"].move_ids
        self.assertEqual(
            set(enforced.mapped("recouvrement_doubtful_state")), {"doubtful"}
        )
        self.assertEqual(set(enforced.mapped("recouvrement_provision_rate")), {50.0})
        self.assertTrue(all(enforced.mapped("recouvrement_provision_amount")))
        lost = self.cases["demo_customer_chauvin"].move_ids
        self.assertEqual(
            set(lost.mapped("recouvrement_doubtful_state")), {"written_off"}
        )
        self.assertTrue(all(lost.mapped("recouvrement_write_off_move_id.state")))
        # the costs typed on the case count in its statement
        self.assertTrue(self.cases["demo_customer_blanc"].cost_ids)

    def test_twice_changes_nothing(self):
        before = self.env["recouvrement.case"].search_count([])
        with freeze_time(f"{TODAY} 11:00:00"):
            self.env["recouvrement.case"]._demo_generate()
        self.assertEqual(self.env["recouvrement.case"].search_count([]), before)
