from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import FactorCommon


@tagged("post_install", "-at_install")
class TestFactorTour(FactorCommon, HttpCase):
    def test_record_the_payment_to_the_factor(self):
        """From an accounted factoring batch, the accountant records in the
        browser that the customer paid the factor today: the VAT on payments
        of the service invoice becomes due today."""
        today = fields.Date.today()
        tax = (
            self.env["account.chart.template"]
            .with_company(self.company)
            .ref("tva_normale_encaissement")
        )
        invoice = self._post_invoice(
            amount=1000.0, due=today - timedelta(days=10), taxes=tax
        )
        batch = self.env["recouvrement.factor.batch"].create(
            {
                "contract_id": self.contract.id,
                "date": today - timedelta(days=5),
                "move_ids": [Command.set(invoice.ids)],
            }
        )
        batch.action_confirm()
        self.assertFalse(invoice.tax_cash_basis_created_move_ids)
        if "odoobot_state" in self.env.user._fields:
            self.env.user.sudo().odoobot_state = "disabled"
        self.start_tour(
            f"/odoo/action-account_recouvrement_factoring.action_recouvrement_factor_batch/"
            f"{batch.id}",
            "account_recouvrement_factor_paid_tour",
            login=self.env.user.login,
        )
        invoice.invalidate_recordset()
        self.assertEqual(invoice.recouvrement_factor_paid_date, today)
        vat_entry = invoice.tax_cash_basis_created_move_ids
        self.assertEqual(vat_entry.date, today)
        self.assertEqual(vat_entry.state, "posted")
