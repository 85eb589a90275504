"""The factoring of the demo, made after the core's on the main company: a
batch accounted with its file, a payment to the factor that made the VAT on
payments due, an invoice of a factored customer issued since; in French."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from ..demo.recouvrement_factor_demo import DEMO_FACTORED_CUSTOMERS, MODULE

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestFactorDemo(TransactionCase):
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
            cls.env["recouvrement.factor.contract"]._demo_generate()
        cls.contract = cls.env.ref(f"{MODULE}.demo_factor_contract")

    def test_batch_statement_and_payment_to_the_factor(self):
        batch = self.env["recouvrement.factor.batch"].search(
            [("contract_id", "=", self.contract.id)]
        )
        self.assertEqual(batch.state, "accounted")
        self.assertTrue(batch.file_attachment_id)
        self.assertTrue(batch.statement_move_ids)
        # two invoices and a credit note of the two factored customers
        self.assertEqual(
            sorted(batch.move_ids.mapped("move_type")),
            ["out_invoice", "out_invoice", "out_invoice", "out_refund"],
        )
        self.assertTrue(all(batch.move_ids.mapped("recouvrement_factored")))
        paid = batch.move_ids.filtered("recouvrement_factor_paid_date")
        self.assertTrue(paid)
        self.assertTrue(paid.tax_cash_basis_created_move_ids)
        customers = self.env["res.partner"].union(
            *(
                self.env.ref(f"{MODULE}.{xmlid}")
                for xmlid, _values, _invoices in DEMO_FACTORED_CUSTOMERS
            )
        )
        self.assertEqual(
            customers.with_company(self.company).mapped(
                "recouvrement_factor_contract_id"
            ),
            self.contract,
        )
        # issued since the batch: not in it, with the subrogation mention
        since = self.env["account.move"].search(
            [
                ("partner_id", "in", customers.ids),
                ("recouvrement_factor_batch_id", "=", False),
                ("state", "=", "posted"),
            ]
        )
        self.assertEqual(len(since), 1)
        self.assertEqual(since._recouvrement_factor_contract(), self.contract)

    def test_generated_once(self):
        batches = self.env["recouvrement.factor.batch"].search_count([])
        with freeze_time(f"{TODAY} 11:00:00"):
            self.env["recouvrement.factor.contract"]._demo_generate()
        self.assertEqual(
            self.env["recouvrement.factor.batch"].search_count([]), batches
        )
