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
