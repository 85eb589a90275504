from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.account_recouvrement_base.tests.common import RecouvrementCommon
from odoo.addons.queue_job.tests.common import trap_jobs


@tagged("post_install", "-at_install")
class TestQueueJob(RecouvrementCommon):
    """With queue_job, the run enqueues the sending by batches on the
    ``root.recouvrement`` channel; the jobs send, and record in the run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # jobs enqueued, not run at once (the addon's tests set the opposite)
        context = dict(cls.env.context)
        context.pop("queue_job__no_delay")
        cls.env = cls.env(context=context)
        partners = cls.customer | cls.customer_2
        partners |= cls.env["res.partner"].create(
            {"name": "Fromagerie Leroy", "is_company": True, "email": "l@f.example"}
        )
        cls.partners = partners
        for partner in partners:
            cls._post_invoice(partner=partner, amount=100.0)
        cls.env["ir.config_parameter"].sudo().set_param(
            "account_recouvrement.send_batch_size", "2"
        )

    def test_a_job_per_batch(self):
        Send = self.env["recouvrement.communication.send"]
        with trap_jobs() as trap:
            comms = self._run(date(2026, 3, 12))
            self.assertEqual(len(comms), 3)
            # nothing sent by the run itself
            self.assertEqual(set(comms.mapped("state")), {"to_review"})
            trap.assert_jobs_count(2, only=Send._job_send_batch)
            comms = comms.sorted("id")
            log = comms.run_log_id
            for batch in (comms[:2], comms[2:]):
                trap.assert_enqueued_job(
                    Send._job_send_batch,
                    args=(batch, log),
                    properties={"channel": "root.recouvrement"},
                )
            with freeze_time("2026-03-12", tick=True):
                trap.perform_enqueued_jobs()
        self.assertEqual(set(comms.mapped("state")), {"sent"})
        self.assertEqual(log.created_count, 3)
        self.assertEqual(log.sent_count, 3)
        self.assertTrue(all(comms.mapped("mail_id")))

    def test_a_job_run_twice_sends_nothing_twice(self):
        Send = self.env["recouvrement.communication.send"]
        with trap_jobs() as trap:
            comms = self._run(date(2026, 3, 12))
            with freeze_time("2026-03-12", tick=True):
                trap.perform_enqueued_jobs()
        mails = comms.mail_id
        with freeze_time("2026-03-12", tick=True):
            Send._job_send_batch(comms)
        self.assertEqual(comms.mail_id, mails)
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", comms._name), ("res_id", "in", comms.ids)]
            ),
            3,
        )

    def test_the_day_print_is_a_job(self):
        Batch = self.env["recouvrement.letter.batch"]
        self.level_second.attach_invoices = False
        with trap_jobs() as trap:
            self._run(date(2026, 3, 12))
            trap.perform_enqueued_jobs()
        comms = self.env["recouvrement.communication"]
        with trap_jobs() as trap:
            comms = self._run(date(2026, 3, 27))
            self._send(comms.with_context(queue_job__no_delay=True), date(2026, 3, 27))
            wizard = self.env["recouvrement.letter.print.wizard"].create(
                {"date": date(2026, 3, 27)}
            )
            action = wizard.action_print()
            self.assertEqual(action["tag"], "display_notification")
            trap.assert_jobs_count(1, only=Batch._job_print)
            self.assertFalse(comms.letter_batch_id)
            trap.perform_enqueued_jobs()
        self.assertEqual(len(comms.letter_batch_id), 1)
        self.assertTrue(all(comms.mapped("letter_printed")))
