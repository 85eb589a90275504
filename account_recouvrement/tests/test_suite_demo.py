"""The demos of the addons together, as ``scripts/run`` makes them: each
addon's demo customers keep their own external ids (the factoring's printer
and the litigation's brewery were both "Garnier"), and installing an addon
that takes ids over from the core leaves the other addons' ids alone."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.account_recouvrement_base.hooks import take_over_xmlids
from odoo.addons.account_recouvrement_litigation.demo.recouvrement_litigation_demo import (  # noqa: E501
    DEMO_CASES,
    DEMO_XMLIDS,
)

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestSuiteDemo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        company = cls.env.ref("base.main_company")
        if company.chart_template != "fr":
            cls.env["account.chart.template"].try_loading("fr", company)
        # wkhtmltopdf must not call back the test server (see the core's demo
        # test)
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        with freeze_time(f"{TODAY} 10:00:00", tick=True):
            cls.env["recouvrement.run"]._demo_generate()
            cls.env["recouvrement.factor.contract"]._demo_generate()

    def test_litigation_takes_no_id_of_the_factoring_demo(self):
        printer = self.env.ref("account_recouvrement_factoring.demo_customer_garnier")
        take_over_xmlids(self.env, "account_recouvrement_litigation", DEMO_XMLIDS)
        self.assertEqual(
            self.env.ref("account_recouvrement_factoring.demo_customer_garnier"),
            printer,
        )
        self.assertEqual(printer.name, "Imprimerie Garnier SAS")
        # the litigation's demo then runs and makes its own customers and cases
        with freeze_time(f"{TODAY} 10:30:00", tick=True):
            self.env["recouvrement.case"]._demo_generate()
        brewery = self.env.ref(
            "account_recouvrement_litigation.demo_customer_brasserie_garnier"
        )
        self.assertEqual(brewery.name, "Brasserie Garnier SAS")
        self.assertNotEqual(brewery, printer)
        self.assertEqual(
            self.env["recouvrement.case"].search_count([]), len(DEMO_CASES)
        )
