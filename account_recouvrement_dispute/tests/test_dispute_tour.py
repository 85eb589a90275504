"""The dispute opened from an invoice's form, in the browser."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DisputeCommon


@tagged("post_install", "-at_install")
class TestDisputeTour(DisputeCommon, HttpCase):
    def test_open_a_dispute(self):
        """From an overdue invoice's form, the credit controller opens a
        dispute in the browser: the invoice leaves the dunning."""
        invoice = self._post_invoice(
            amount=900.0, due=fields.Date.today() - timedelta(days=20)
        )
        if "odoobot_state" in self.env.user._fields:
            self.env.user.sudo().odoobot_state = "disabled"
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}",
            "account_recouvrement_dispute_tour",
            login=self.env.user.login,
        )
        invoice.invalidate_recordset()
        dispute = invoice.recouvrement_dispute_id
        self.assertEqual(dispute.reason_id.name, "Quality")
        self.assertEqual(dispute.description, "Three broken pallets on delivery")
        self.assertEqual(dispute.amount, 900.0)
        self.assertTrue(invoice.recouvrement_excluded)
