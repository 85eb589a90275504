"""The litigation case opened from an invoice's form and moved through its
stages, in the browser."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestCaseTour(RecouvrementCommon, HttpCase):
    def test_case_through_two_stages(self):
        """From an overdue invoice's form, the credit controller opens a
        litigation case in the browser and moves it through two stages: the
        invoice leaves the dunning, the filing date restarts its
        prescription."""
        today = fields.Date.today()
        invoice = self._post_invoice(amount=900.0, due=today - timedelta(days=20))
        if "odoobot_state" in self.env.user._fields:
            self.env.user.sudo().odoobot_state = "disabled"
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}",
            "account_recouvrement_case_tour",
            login=self.env.user.login,
        )
        invoice.invalidate_recordset()
        case = invoice.recouvrement_case_id
        self.assertEqual(case.state, "open")
        self.assertEqual(case.procedure, "small_claims")
        self.assertEqual(
            case.stage_id,
            self.env.ref("account_recouvrement_litigation.stage_enforcement"),
        )
        self.assertEqual(case.date_filed, today)
        self.assertEqual(invoice.recouvrement_acknowledgement_date, today)
        self.assertTrue(invoice.recouvrement_excluded)
        self.assertEqual(invoice.recouvrement_exclusion_ids.source, "litigation")
        tracked = case.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "stage_id"
        )
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")),
            ["Exécution (commissaire de justice)", "Injonction de payer"],
        )
