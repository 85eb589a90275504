from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestCommunication(RecouvrementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_3 = cls.env["res.partner"].create(
            {
                "name": "Fromagerie Leroy",
                "is_company": True,
                "email": "leroy@fromagerie.example",
            }
        )
        cls.inv1 = cls._post_invoice(partner=cls.customer, amount=100.0)
        cls.inv2 = cls._post_invoice(partner=cls.customer_2, amount=200.0)
        cls.inv3 = cls._post_invoice(partner=cls.customer_3, amount=300.0)

    def _queue(self):
        """Three customers at the second (review) level."""
        self._run(date(2026, 3, 12))
        comms = self._run(date(2026, 3, 27))
        self.assertEqual(set(comms.mapped("state")), {"to_review"})
        self.assertEqual(len(comms), 3)
        return comms.sorted(lambda c: c.partner_id.name)

    def test_mass_send(self):
        comms = self._queue()
        comms.action_send()
        self.assertEqual(set(comms.mapped("state")), {"sent"})
        self.assertTrue(all(comms.mapped("letter_attachment_id")))
        with self.assertRaisesRegex(UserError, "status"):
            comms[0].action_send()

    def test_mass_postpone(self):
        comms = self._queue()
        wizard = Form(
            self.env["recouvrement.postpone.wizard"].with_context(
                active_model="recouvrement.communication", active_ids=comms[:2].ids
            )
        )
        wizard.date = date(2026, 4, 15)
        with freeze_time("2026-03-27", tick=True):
            wizard.save().action_confirm()
        self.assertEqual(comms[:2].mapped("state"), ["postponed", "postponed"])
        moves = comms[:2].line_ids.move_id
        self.assertEqual(
            set(moves.mapped("recouvrement_postponed_until")), {date(2026, 4, 15)}
        )
        # not chased before that date, chased again on it
        self.assertFalse(self._run(date(2026, 4, 10)) & comms[:2])
        again = self._run(date(2026, 4, 15))
        self.assertEqual(again.partner_id, comms[:2].partner_id)
        self.assertEqual(set(again.mapped("level_id")), {self.level_second})

    def test_postpone_to_the_past(self):
        comms = self._queue()
        with freeze_time("2026-03-27", tick=True):
            with self.assertRaisesRegex(UserError, "after today"):
                comms[0].action_postpone(date(2026, 3, 20))
        self.assertEqual(comms[0].state, "to_review")

    def test_mass_cancel_and_exclude(self):
        comms = self._queue()
        comms[0].action_cancel()
        self.assertEqual(comms[0].state, "cancelled")
        wizard = Form(
            self.env["recouvrement.exclude.wizard"].with_context(
                active_model="recouvrement.communication", active_ids=comms[1:].ids
            )
        )
        wizard.reason = "Litige en cours"
        wizard.save().action_confirm()
        self.assertEqual(comms[1:].mapped("state"), ["cancelled", "cancelled"])
        self.assertTrue(all(comms[1:].line_ids.move_id.mapped("recouvrement_excluded")))
        self.assertEqual(
            set(comms[1:].line_ids.move_id.mapped("recouvrement_exclusion_reason")),
            {"Litige en cours"},
        )

    def test_exclude_without_reason_changes_nothing(self):
        comms = self._queue()
        wizard = self.env["recouvrement.exclude.wizard"].create(
            {"communication_ids": [(6, 0, comms.ids)], "reason": " "}
        )
        with self.assertRefused(UserError, "reason"):
            wizard.action_confirm()
        self.assertEqual(set(comms.mapped("state")), {"to_review"})
        self.assertFalse(any(comms.line_ids.move_id.mapped("recouvrement_excluded")))

    def test_mass_print(self):
        comms = self._queue()
        action = comms.action_print_letter()
        self.assertEqual(
            action["report_name"],
            "account_recouvrement_base.report_recouvrement_letter",
        )
        self.assertEqual(action["context"]["active_ids"], comms.ids)
        self.assertTrue(all(comms.mapped("letter_printed")))

    def test_history_is_never_deleted(self):
        comms = self._queue()
        with self.assertRaises(AccessError):
            comms.unlink()
        with self.assertRaisesRegex(UserError, "history"):
            comms.sudo().unlink()
        self.assertTrue(comms.exists())

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_email_failure_stays_isolated(self):
        """The mail queue fails for one customer: that communication is in
        error with the reason, the others are sent."""
        self._run(date(2026, 3, 12))  # first level, automatic emails
        comms = self.env["recouvrement.communication"].search([])
        self.assertEqual(len(comms), 3)
        IrMailServer = self.env.registry["ir.mail_server"]

        class SmtpSession:
            def quit(self):
                pass

        def send_email(server, message, *args, **kwargs):
            """The SMTP server: refuses one recipient, accepts the others."""
            if "garage-dupont.example" in str(message["To"]):
                raise ConnectionRefusedError("SMTP refused the recipient")
            return message["Message-Id"]

        with (
            patch.object(IrMailServer, "_disable_send", return_value=False),
            patch.object(IrMailServer, "_connect__", return_value=SmtpSession()),
            patch.object(IrMailServer, "send_email", send_email),
        ):
            self.env["mail.mail"].process_email_queue(email_ids=comms.mail_id.ids)
        failed = comms.filtered(lambda c: c.partner_id == self.customer_2)
        self.assertEqual(failed.state, "error")
        self.assertIn("refused", failed.error_message)
        self.assertEqual(set((comms - failed).mapped("state")), {"sent"})
        self.assertEqual(set((comms - failed).mapped("mail_state")), {"sent"})
        # the controller fixes the address and sends again
        failed.action_send()
        self.assertEqual(failed.state, "sent")

    def test_emails_queued_together_one_failing(self):
        """The plain emails of a sending are rendered and queued in one call
        per template; when one of them cannot be, the others are queued one
        by one and only that one is in error."""
        comms = self._queue()
        Template = self.env.registry["mail.template"]
        original = Template.send_mail_batch
        calls = []
        broken = comms[1]

        def send_mail_batch(template, res_ids, *args, **kwargs):
            calls.append(list(res_ids))
            if broken.id in res_ids:
                raise ValueError("cannot render the email")
            return original(template, res_ids, *args, **kwargs)

        with patch.object(Template, "send_mail_batch", send_mail_batch):
            comms.action_send()
        # one call for the three, then one per email
        self.assertEqual(calls[0], comms.ids)
        self.assertEqual(sorted(map(len, calls[1:])), [1, 1, 1])
        self.assertEqual(broken.state, "error")
        self.assertIn("cannot render the email", broken.error_message)
        self.assertFalse(broken.mail_id)
        for comm in comms - broken:
            self.assertEqual(comm.state, "sent")
            self.assertEqual(comm.mail_id.res_id, comm.id)
            self.assertEqual(comm.mail_id.recipient_ids, comm.recipient_id)
        # sent again, still broken: the group's call, then its own
        calls.clear()
        with patch.object(Template, "send_mail_batch", send_mail_batch):
            broken.action_send()
        self.assertEqual(broken.state, "error", "still broken")
        self.assertEqual(len(calls), 2)

    def test_render_failure_stays_isolated(self):
        comms = self._queue()
        broken = comms[1]
        Send = self.env.registry["recouvrement.communication.send"]
        original = Send._render_letter

        def render(service, comm):
            if comm == broken:
                raise ValueError("wkhtmltopdf crashed")
            return original(service, comm)

        with patch.object(Send, "_render_letter", render):
            comms.action_send()
        self.assertEqual(broken.state, "error")
        self.assertIn("wkhtmltopdf crashed", broken.error_message)
        self.assertFalse(broken.letter_attachment_id)
        self.assertEqual(set((comms - broken).mapped("state")), {"sent"})
        self.assertEqual(
            broken.line_ids.move_id.recouvrement_level_id, self.level_first
        )

    def test_no_email_falls_back_to_letter(self):
        self.customer_2.email = False
        comm = self._run(date(2026, 3, 12)).filtered(
            lambda c: c.partner_id == self.customer_2
        )
        self.assertEqual(comm.state, "sent")
        self.assertFalse(comm.use_email)
        self.assertTrue(comm.use_letter)
        self.assertTrue(comm.letter_attachment_id)
        self.assertIn("no email address", comm.note)

    def test_phone_channel_schedules_a_call(self):
        self.level_first.channel_phone = True
        comm = self._run(date(2026, 3, 12)).filtered(
            lambda c: c.partner_id == self.customer
        )
        activity = comm.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref(
                "account_recouvrement_base.mail_activity_type_recouvrement_call"
            ),
        )

    def test_lrar_number(self):
        comms = self._queue()
        with self.assertRefused(ValidationError, "tracking number"):
            comms[0].lrar_number = "abc"
        self.assertFalse(comms[0].lrar_number)
        comms[0].lrar_number = "1A 234 567 8901 2"
        self.assertEqual(comms[0].lrar_number, "1A 234 567 8901 2")

    def test_lrar_dates(self):
        comms = self._queue()
        comms[0].write(
            {"lrar_number": "1A 234 567 8901 2", "lrar_date_sent": date(2026, 3, 28)}
        )
        with self.assertRefused(ValidationError, "posted on 03/28/2026"):
            comms[0].write({"lrar_date_received": date(2026, 3, 20)})
        self.assertFalse(comms[0].lrar_date_received)
        # the database refuses it too, whatever writes it
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE recouvrement_communication SET lrar_date_received = %s "
                "WHERE id = %s",
                (date(2026, 3, 20), comms[0].id),
            )
        comms[0].invalidate_recordset()
        self.assertFalse(comms[0].lrar_date_received)
