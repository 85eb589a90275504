from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import RecouvrementCommon, pdf_text

Comm = "recouvrement.communication"


@tagged("post_install", "-at_install")
class TestNetPosition(RecouvrementCommon):
    """A reminder claims the customer's net position in its currency: its open
    credit notes and unallocated payments are listed and deducted, and a
    customer whose credits cover the amount due gets no reminder."""

    @classmethod
    def _post_credit_note(cls, amount, partner=None, on=None, currency=None):
        """A posted credit note of ``amount`` (no tax), allocated to nothing."""
        refund = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": (partner or cls.customer).id,
                "invoice_date": on or date(2026, 2, 15),
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Avoir – marchandise retournée",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        return refund

    def _post_payment(self, amount, partner=None, on=date(2026, 3, 5)):
        """A customer payment received and posted, allocated to no invoice."""
        with freeze_time(on, tick=True):
            payment = self.env["account.payment"].create(
                {
                    "amount": amount,
                    "date": on,
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": (partner or self.customer).id,
                }
            )
            payment.action_post()
        return payment

    @staticmethod
    def _reconcile(*moves):
        lines = (
            moves[0].env["account.move.line"].union(*(move.line_ids for move in moves))
        )
        lines.filtered(lambda line: line.account_type == "asset_receivable").reconcile()

    def _comms(self, partner=None):
        return self.env[Comm].search(
            [("partner_id", "=", (partner or self.customer).id)], order="id"
        )

    def _skips(self, partner=None):
        return self.env["recouvrement.skip"].search(
            [("partner_id", "=", (partner or self.customer).id)]
        )

    def test_credit_note_larger_than_overdue_gets_nothing(self):
        """1,000 € overdue, 1,500 € of open credit note: nothing to claim. No
        reminder, and the customer's form says why with both amounts."""
        invoice = self._post_invoice(amount=1000.0)
        self._post_credit_note(1500.0)
        # J+10: the first reminder is due, but the customer owes nothing net
        self.assertFalse(self._run(date(2026, 3, 12)))
        self.assertFalse(self._comms())
        self.assertFalse(invoice.recouvrement_level_id, "no reminder, no level")
        skip = self._skips()
        self.assertEqual(len(skip), 1)
        self.assertEqual(skip.date, date(2026, 3, 12))
        self.assertEqual(skip.amount_due, 1000.0)
        self.assertEqual(skip.amount_credits, 1500.0)
        self.assertEqual(skip.currency_id, self.company.currency_id)
        partner = self.customer.with_company(self.company)
        self.assertEqual(partner.recouvrement_skip_date, date(2026, 3, 12))
        reason = partner.recouvrement_skip_reason
        self.assertIn("No reminder on 03/12/2026", reason)
        self.assertIn("1,000.00", reason)
        self.assertIn("1,500.00", reason)
        self.assertIn("open credit notes and unallocated payments", reason)
        # a contact of the customer sees it on its form too
        contact = self.env["res.partner"].create(
            {"name": "Mme Martin", "parent_id": self.customer.id}
        )
        self.assertEqual(
            contact.with_company(self.company).recouvrement_skip_reason, reason
        )

        # the next day's run says the same, dated of its day
        self.assertFalse(self._run(date(2026, 3, 13)))
        self.assertEqual(self._skips().date, date(2026, 3, 13))

        # a second invoice of 800 € falls due: 1,800 − 1,500 = 300 € to claim;
        # the reminder goes out and the withheld record is gone
        self._post_invoice(amount=800.0, due=date(2026, 3, 5))
        comm = self._run(date(2026, 3, 16))
        self.assertEqual(len(comm), 1)
        self.assertEqual(comm.amount_residual, 1800.0)
        self.assertEqual(comm.amount_net, 300.0)
        self.assertFalse(self._skips())
        self.assertFalse(partner.recouvrement_skip_reason)

    def test_smaller_credit_note_claims_the_net(self):
        """1,000 € overdue, 300 € of open credit note: the reminder claims
        1,000.00 − 300.00 = 700.00 €, and its letter and email list the credit
        note and state the net amount."""
        # the first level attaches its letter to the email, read back below
        self.level_first.attach_letter = True
        invoice = self._post_invoice(amount=1000.0)
        refund = self._post_credit_note(300.0)
        # J+10: the first reminder, sent at once by email with the letter
        comm = self._run(date(2026, 3, 12))
        self.assertEqual(len(comm), 1)
        self.assertEqual(comm.state, "sent")
        self.assertFalse(self._skips())
        self.assertEqual(comm.line_ids.move_id, invoice)
        self.assertEqual(comm.amount_residual, 1000.0)
        self.assertEqual(comm.amount_overdue, 1000.0)
        self.assertEqual(comm.amount_credits, 300.0)
        self.assertEqual(comm.amount_net, 700.0)
        credit = comm.credit_ids
        self.assertEqual(len(credit), 1)
        self.assertEqual(credit.move_id, refund)
        self.assertEqual(credit.kind, "credit_note")
        self.assertEqual(credit.name, refund.name)
        self.assertEqual(credit.date, date(2026, 2, 15))
        self.assertEqual(credit.amount_residual, 300.0)
        self.assertEqual(credit.currency_id, self.company.currency_id)
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)

        text = pdf_text(comm.letter_attachment_id.raw)
        self.assertIn(invoice.name, text)
        self.assertIn(refund.name, text)
        self.assertIn("300.00", text)
        self.assertRegex(
            text,
            r"After deduction of these credits, the net amount due is \S*\s?"
            r"700\.00\s?\S*\s?\.",
        )

        body = comm.mail_id.body_html
        self.assertIn(refund.name, body)
        self.assertIn("300.00", body)
        self.assertIn("the net amount due is", body)
        self.assertIn("700.00", body)

    def test_formal_notice_demands_the_net(self):
        """The formal notice demands the net amount and the charges; the late
        interest is still computed on the overdue invoice."""
        invoice = self._post_invoice(amount=2000.0)
        refund = self._post_credit_note(500.0)
        self._run(date(2026, 3, 12))
        self._run(date(2026, 3, 27)).action_send()
        comm = self._run(date(2026, 4, 11))
        self.assertTrue(comm.is_formal_notice)
        self._send(comm, date(2026, 4, 11))
        self.assertEqual(comm.amount_net, 1500.0)
        # interest on the 2,000 € invoice: 12.15 % over 40 days = 26.63 €,
        # and the 40 € indemnity
        self.assertEqual(comm.charge_ids.move_id, invoice)
        self.assertAlmostEqual(comm.amount_charges, 66.63)
        text = pdf_text(comm.letter_attachment_id.raw)
        self.assertIn(refund.name, text)
        # 2,000.00 − 500.00 + 66.63 = 1,566.63
        self.assertRegex(
            text,
            r"Consequently, we formally demand that you pay us the sum of \S*\s?"
            r"1,566\.63\s?\S* no later than 04/22/2026\s?, without prejudice",
        )

    def test_unallocated_payment_is_deducted(self):
        """A payment received from the customer's accountant and allocated to
        no invoice is deducted like a credit note: 1,000.00 − 250.00 = 750.00."""
        self.level_first.attach_letter = True
        accountant = self.env["res.partner"].create(
            {"name": "Cabinet comptable Martin", "parent_id": self.customer.id}
        )
        self._post_invoice(amount=1000.0)
        payment = self._post_payment(250.0, partner=accountant)
        self.assertTrue(payment.move_id, "the payment is in the books")
        comm = self._run(date(2026, 3, 12))
        self.assertEqual(comm.partner_id, self.customer)
        credit = comm.credit_ids
        self.assertEqual(credit.move_id, payment.move_id)
        self.assertEqual(credit.kind, "payment")
        self.assertEqual(credit.amount_residual, 250.0)
        self.assertEqual(comm.amount_credits, 250.0)
        self.assertEqual(comm.amount_net, 750.0)
        self.assertIn(payment.move_id.name, pdf_text(comm.letter_attachment_id.raw))

    def test_credit_note_allocated_before_sending_is_no_longer_deducted(self):
        """The credit note is allocated to the invoice after the run: at
        sending, the invoice owes 700 € and the credit note is no longer
        listed nor deducted (700 €, not 700 − 300)."""
        self.levels.write({"review_needed": True, "attach_letter": True})
        invoice = self._post_invoice(amount=1000.0)
        refund = self._post_credit_note(300.0)
        comm = self._run(date(2026, 3, 12))
        self.assertEqual(comm.state, "to_review")
        self.assertEqual(comm.credit_ids.move_id, refund)
        self.assertEqual(comm.amount_net, 700.0)

        self._reconcile(invoice, refund)
        self._send(comm, date(2026, 3, 13))
        self.assertEqual(comm.state, "sent")
        self.assertFalse(comm.credit_ids)
        self.assertEqual(comm.amount_credits, 0.0)
        self.assertEqual(comm.amount_residual, 700.0)
        self.assertEqual(comm.amount_net, 700.0)
        text = pdf_text(comm.letter_attachment_id.raw)
        self.assertNotIn(refund.name, text)
        self.assertNotIn("After deduction of these credits", text)
        self.assertNotIn(refund.name, comm.mail_id.body_html)

    def test_credit_note_issued_after_the_run(self):
        """A credit note issued after the run is deducted at sending; one that
        covers the whole amount withdraws the reminder, at sending or at the
        next run."""
        self.levels.write({"review_needed": True})
        self._post_invoice(amount=1000.0)
        self._post_invoice(partner=self.customer_2, amount=400.0)
        comms = self._run(date(2026, 3, 12))
        comm = comms.filtered(lambda c: c.partner_id == self.customer)
        other = comms - comm
        self.assertEqual(other.partner_id, self.customer_2)
        refund = self._post_credit_note(200.0, on=date(2026, 3, 13))
        self._send(comm, date(2026, 3, 13))
        self.assertEqual(comm.credit_ids.move_id, refund)
        self.assertEqual(comm.amount_net, 800.0)

        # 400 € claimed, 400 € credit note: nothing left to claim
        self._post_credit_note(400.0, partner=self.customer_2, on=date(2026, 3, 13))
        self.assertFalse(self._run(date(2026, 3, 14)))
        self.assertEqual(other.state, "cancelled")
        self.assertIn("credit notes", other.note)
        self.assertEqual(self._skips(self.customer_2).amount_credits, 400.0)

    def test_reminder_covered_at_sending_is_not_sent(self):
        self.levels.write({"review_needed": True})
        self._post_invoice(amount=1000.0)
        comm = self._run(date(2026, 3, 12))
        self._post_payment(1000.0, on=date(2026, 3, 13))
        self._send(comm, date(2026, 3, 13))
        self.assertEqual(comm.state, "cancelled")
        self.assertIn("credit notes", comm.note)
        self.assertFalse(comm.letter_attachment_id)
        self.assertFalse(comm.mail_id)

    def test_same_day_rerun_changes_nothing(self):
        """One customer withheld, one claimed the net: running again the same
        day creates nothing and leaves the records as they were."""
        self.levels.write({"review_needed": True})
        self._post_invoice(amount=1000.0)
        self._post_credit_note(1500.0)
        self._post_invoice(partner=self.customer_2, amount=1000.0)
        self._post_credit_note(300.0, partner=self.customer_2)
        comm = self._run(date(2026, 3, 12))
        self.assertEqual(comm.partner_id, self.customer_2)
        self.assertEqual(comm.amount_net, 700.0)
        skip = self._skips()
        self.assertEqual(len(skip), 1)
        self.env.flush_all()
        before = (skip.write_date, comm.credit_ids.ids, comm.credit_ids.write_date)

        self.assertFalse(self._run(date(2026, 3, 12)))
        self.env.invalidate_all()
        self.assertEqual(self._skips(), skip)
        self.assertEqual(self._comms(self.customer_2), comm)
        self.assertFalse(self._comms())
        self.assertEqual(
            (skip.write_date, comm.credit_ids.ids, comm.credit_ids.write_date), before
        )
        self.assertEqual(comm.amount_net, 700.0)

    def test_credit_in_another_currency_is_not_deducted(self):
        """A credit note in dollars is not deducted from a reminder in euros;
        it covers the dollar invoice, whose reminder is withheld."""
        usd = self.setup_other_currency("USD")
        self._post_invoice(amount=1000.0)
        self._post_invoice(amount=400.0, currency=usd)
        refund_usd = self._post_credit_note(1500.0, currency=usd)
        comm = self._run(date(2026, 3, 12))
        self.assertEqual(len(comm), 1)
        self.assertEqual(comm.currency_id, self.company.currency_id)
        self.assertFalse(comm.credit_ids)
        self.assertEqual(comm.amount_net, 1000.0)
        skip = self._skips()
        self.assertEqual(skip.currency_id, usd)
        self.assertEqual((skip.amount_due, skip.amount_credits), (400.0, 1500.0))
        self.assertTrue(refund_usd.amount_residual)

    def _count_run(self, on):
        """Queries of the run on day ``on`` and the communications it made;
        everything it did is rolled back."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        savepoint = self.env.cr.savepoint()
        comms = self._run(on)
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        made = (len(comms), len(comms.credit_ids), len(self._all_skips()))
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        return count, made

    def _all_skips(self):
        return self.env["recouvrement.skip"].search([])

    def test_credits_read_with_one_query_for_all_customers(self):
        """With credits deducted and reminders withheld, the run costs the
        same number of queries for 2 customers as for 12."""
        self.levels.write({"review_needed": True})
        self._post_invoice(amount=1000.0)
        self._post_credit_note(300.0)
        self._post_invoice(partner=self.customer_2, amount=1000.0)
        self._post_credit_note(1500.0, partner=self.customer_2)
        self._count_run(date(2026, 3, 14))  # fill the registry's caches first
        small, made = self._count_run(date(2026, 3, 14))
        self.assertEqual(made, (1, 1, 1))
        others = self.env["res.partner"].create(
            [{"name": f"Client {index}", "is_company": True} for index in range(10)]
        )
        for index, partner in enumerate(others):
            self._post_invoice(partner=partner, amount=900.0)
            self._post_credit_note(100.0 if index % 2 else 1000.0, partner=partner)
        large, made = self._count_run(date(2026, 3, 14))
        self.assertEqual(made, (6, 6, 6))
        self.assertEqual(large, small)

    def test_run_for_some_customers_leaves_the_others(self):
        """A run for one customer (an addon's demo replaying past days for
        its own customers) dunns that customer alone: another customer's
        overdue invoice waits, and what a run withheld from that one stands."""
        self._post_invoice(amount=1000.0)
        self._post_credit_note(1500.0)
        self.assertFalse(self._run(date(2026, 3, 12)))
        withheld = self._skips()
        self.assertEqual(len(withheld), 1)
        other = self._post_invoice(partner=self.customer_2, amount=700.0)
        Run = self.env["recouvrement.run"]
        comm = Run._run(
            date=date(2026, 3, 13), companies=self.company, partners=self.customer_2
        )
        self.assertEqual(comm.partner_id, self.customer_2)
        self.assertEqual(comm.line_ids.move_id, other)
        # the first customer's record of the day before stands as it was
        self.assertEqual(self._skips(), withheld)
        self.assertEqual(withheld.date, date(2026, 3, 12))
        log = self.env["recouvrement.run.log"].search(
            [("date", "=", date(2026, 3, 13))]
        )
        self.assertEqual(log.name, "Run of 03/13/2026 for selected customers (1)")
        # a run for the first customer alone sends the second nothing more
        self.assertFalse(
            Run._run(
                date=date(2026, 3, 14), companies=self.company, partners=self.customer
            )
        )
        self.assertEqual(self._skips().date, date(2026, 3, 14))
        self.assertEqual(len(self._comms(self.customer_2)), 1)
