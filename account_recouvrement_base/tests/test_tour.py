from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestTour(RecouvrementCommon, HttpCase):
    def test_review_queue_send(self):
        """The credit controller sends a reminder from the review queue in the
        browser. The tour runs as the test user, in the test company."""
        today = fields.Date.today()
        self._post_invoice(amount=1500.0, due=today - timedelta(days=30))
        run = self.env["recouvrement.run"]
        run._run(date=today - timedelta(days=20), companies=self.company)
        comm = run._run(date=today - timedelta(days=5), companies=self.company)
        self.assertEqual(comm.state, "to_review")
        self.assertEqual(comm.level_id, self.level_second)
        # mail_bot (auto-installed) greets a user at their first web client
        # start with a chat message; the browser then calls channel_fetched,
        # a request that the end of the tour may cut off (ConnectionLostError)
        if "odoobot_state" in self.env.user._fields:
            self.env.user.sudo().odoobot_state = "disabled"
        # a note in the chatter: the tour waits for it (the chatter has loaded)
        # before it clicks Send
        comm.message_post(body="Ready for review", message_type="comment")

        self.start_tour(
            "/odoo/action-account_recouvrement_base.action_recouvrement_review_queue",
            "account_recouvrement_review_queue_tour",
            login=self.env.user.login,
        )

        comm.invalidate_recordset()
        self.assertEqual(comm.state, "sent")
        self.assertEqual(comm.sent_uid, self.env.user)
        self.assertTrue(comm.letter_attachment_id)
        self.assertEqual(comm.line_ids.move_id.recouvrement_level_id, self.level_second)

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
            case.stage_id, self.env.ref("account_recouvrement_base.stage_enforcement")
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
