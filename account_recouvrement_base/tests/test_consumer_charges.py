from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import RecouvrementCommon


def _noon(day):
    """Clicks at noon: the same date in every timezone of the user."""
    return datetime(day.year, day.month, day.day, 12)


@tagged("post_install", "-at_install")
class TestConsumerCharges(RecouvrementCommon):
    """A consumer owes the legal interest ("all other cases" column, the
    creditor being a company) from the day after the formal notice reached
    them (art. 1231-6 and 1344-1 C. civ.), never the 40 € indemnity; the
    receipt date comes back after sending, so the charges are billed later
    with "Bill charges now"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consumer = cls.env["res.partner"].create(
            {
                "name": "Jean Durand",
                "is_company": False,
                "email": "jean.durand@example.com",
                "street": "3 rue des Acacias",
                "zip": "33000",
                "city": "Bordeaux",
                "country_id": cls.env.ref("base.fr").id,
                "lang": "en_US",
            }
        )
        cls.Charge = cls.env["recouvrement.charge"]

    def _formal_notice(self, due):
        """Run the levels up to the formal notice and send it: reminders at
        due + 10 (sent by the run), due + 25 and due + 40 (reviewed, sent)."""
        self._run(self._day(10, due))
        self._send(self._run(self._day(25, due)), self._day(25, due))
        notice = self._run(self._day(40, due))
        self.assertEqual(notice.level_id, self.level_notice)
        self._send(notice, self._day(40, due))
        self.assertEqual(notice.state, "sent")
        return notice

    def _bill_now(self, comm, day):
        with freeze_time(_noon(day)):
            comm.action_bill_charges()
        return comm.charge_move_ids.sorted("id")[-1:]

    def _type(self, comm, day, **values):
        """The controller types the postal dates on day ``day``."""
        with freeze_time(_noon(day)):
            comm.write(values)

    def test_consumer_billed_from_the_receipt_of_the_notice(self):
        """2,000 € due 02/03/2026; the formal notice is sent on 11/04/2026 and
        received on 15/04/2026. Legal rate H1 2026, other cases: 2.62 %.
        Billed on 15/05/2026: 16/04 → 15/05 = 15 + 15 = 30 days
            2,000 × 2.62 % × 30 / 365 = 52.40 × 30 / 365 = 4.3068 → 4.31
        Billed again on 14/06/2026: 16/05 → 14/06 = 16 + 14 = 30 days → 4.31"""
        self.assertEqual(self.consumer.recouvrement_debtor_type, "consumer")
        invoice = self._post_invoice(partner=self.consumer, amount=2000.0)
        comm = self._formal_notice(self.due)
        # sent without a receipt: no interest yet, and never the 40 €
        self.assertFalse(comm.charge_move_id)
        self.assertFalse(comm.charge_ids)
        self.assertFalse(self.Charge._compute_for_moves(invoice, date(2026, 5, 15)))

        self._type(
            comm,
            date(2026, 4, 16),
            lrar_number="1A 123 456 7890 1",
            lrar_date_sent=date(2026, 4, 13),
            lrar_date_received=date(2026, 4, 15),
        )
        self.assertEqual(comm.notice_date, date(2026, 4, 15))

        charges_invoice = self._bill_now(comm, date(2026, 5, 15))
        self.assertEqual(charges_invoice.state, "posted")
        self.assertTrue(charges_invoice.recouvrement_is_charge)
        self.assertEqual(charges_invoice.partner_id, self.consumer)
        self.assertEqual(charges_invoice.invoice_line_ids.mapped("price_unit"), [4.31])
        self.assertEqual(charges_invoice.amount_total, 4.31)
        label = charges_invoice.invoice_line_ids.name
        self.assertIn("2.62 %", label)
        self.assertIn(invoice.name, label)
        narration = str(charges_invoice.narration)
        self.assertIn("1231-6 and 1344-1 of the French Civil Code", narration)
        self.assertNotIn("L441-10", narration)
        self.assertNotIn("D441-5", narration)
        charge = comm.charge_ids
        self.assertEqual(
            (charge.interest_date_from, charge.interest_date_to),
            (date(2026, 4, 16), date(2026, 5, 15)),
        )
        self.assertEqual((charge.interest_amount, charge.indemnity_amount), (4.31, 0))
        self.assertEqual(comm.charge_move_ids, charges_invoice)
        self.assertFalse(comm.charge_move_id, "none was billed at sending")
        self.assertIn(charges_invoice.name, comm.message_ids[0].body)

        # a second click the same day: nothing more owed, nothing made
        invoices_before = self.env["account.move"].search_count([])
        with freeze_time(_noon(date(2026, 5, 15))):
            with self.assertRefused(UserError, "Nothing more is owed"):
                comm.action_bill_charges()
        self.assertEqual(comm.charge_ids, charge)
        self.assertEqual(self.env["account.move"].search_count([]), invoices_before)

        # a month later: from the day after the previous charge
        later = self._bill_now(comm, date(2026, 6, 14))
        self.assertEqual(later.amount_total, 4.31)
        self.assertEqual(
            comm.charge_ids.sorted("id")[-1].interest_date_from, date(2026, 5, 16)
        )
        self.assertEqual(comm.charge_move_count, 2)
        self.assertEqual(
            comm.action_view_charge_moves()["domain"],
            [("id", "in", comm.charge_move_ids.ids)],
        )

    def test_consumer_billed_from_the_first_presentation(self):
        """A registered letter never collected takes effect on its first
        presentation. 2,000 € due 03/11/2025, formal notice sent 13/12/2025,
        posted 15/12, first presented 17/12/2025, billed 15/01/2026:
        H2 2025, 2.76 %: 18/12 → 31/12 = 14 days
            2,000 × 2.76 % × 14 / 365 = 55.20 × 14 / 365 = 2.1173 → 2.12
        H1 2026, 2.62 %: 01/01 → 15/01 = 15 days
            2,000 × 2.62 % × 15 / 365 = 52.40 × 15 / 365 = 2.1534 → 2.15
        total 4.27, no indemnity."""
        due = date(2025, 11, 3)
        invoice = self._post_invoice(partner=self.consumer, amount=2000.0, due=due)
        comm = self._formal_notice(due)
        self.assertEqual(comm.sent_date.date(), date(2025, 12, 13))
        self.assertFalse(comm.charge_move_id)
        # typed on the form of the sent notice when the envelope comes back
        with freeze_time(_noon(date(2025, 12, 29))):
            with Form(comm) as form:
                form.lrar_date_sent = date(2025, 12, 15)
                form.lrar_date_presented = date(2025, 12, 17)
                self.assertEqual(form.notice_date, date(2025, 12, 17))
        self.assertEqual(comm.notice_date, date(2025, 12, 17))
        charges_invoice = self._bill_now(comm, date(2026, 1, 15))
        lines = charges_invoice.invoice_line_ids
        self.assertEqual(lines.mapped("price_unit"), [2.12, 2.15])
        self.assertIn("2.76 %", lines[0].name)
        self.assertIn("2.62 %", lines[1].name)
        self.assertEqual(charges_invoice.amount_total, 4.27)
        self.assertEqual(comm.charge_ids.move_id, invoice)
        self.assertEqual(comm.charge_ids.indemnity_amount, 0.0)

    def test_notice_dates_in_one_query(self):
        """For many invoices at once, the earliest date each one's sent formal
        notice reached the debtor, in one query; a date typed on a reminder
        that is not a formal notice does not count, nor an invoice without
        a receipt. The explicit date still overrides (the day after it)."""
        durand = self._post_invoice(partner=self.consumer, amount=100.0)
        petit = self.env["res.partner"].create({"name": "Marie Petit"})
        petit_1 = self._post_invoice(partner=petit, amount=200.0)
        petit_2 = self._post_invoice(partner=petit, amount=300.0)
        martin = self.env["res.partner"].create({"name": "Paul Martin"})
        unreceived = self._post_invoice(partner=martin, amount=400.0)
        self._run(date(2026, 3, 12))
        reminders = self._run(date(2026, 3, 27))
        self._send(reminders, date(2026, 3, 27))
        notices = self._run(date(2026, 4, 11))
        self._send(notices, date(2026, 4, 11))
        self.assertEqual(len(notices), 3)
        by_partner = {comm.partner_id: comm for comm in notices}
        self._type(
            reminders.filtered(lambda c: c.partner_id == petit),
            date(2026, 4, 20),
            lrar_date_received=date(2026, 3, 30),
        )
        self._type(
            by_partner[self.consumer],
            date(2026, 4, 20),
            lrar_date_received=date(2026, 4, 14),
        )
        self._type(
            by_partner[petit], date(2026, 4, 20), lrar_date_presented=date(2026, 4, 16)
        )
        moves = durand | petit_1 | petit_2 | unreceived
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        dates = self.Charge._notice_dates(moves)
        self.assertEqual(self.env.cr.sql_log_count - before, 1)
        self.assertEqual(
            dates,
            {
                durand.id: date(2026, 4, 14),
                petit_1.id: date(2026, 4, 16),
                petit_2.id: date(2026, 4, 16),
            },
        )
        # 400 × 2.62 % × 10 / 365 (11/04 → 20/04) = 0.2871 → 0.29
        self.assertEqual(
            self.Charge._compute_for_moves(
                unreceived, date(2026, 4, 20), notice_received=date(2026, 4, 10)
            )[unreceived]["lines"],
            [(date(2026, 4, 11), date(2026, 4, 20), 2.62, 0.29)],
        )

    def test_bad_notice_dates_are_refused(self):
        """Each date the controller types is checked; a refused date leaves
        the communication as it was. Formal notice sent on 11/04/2026."""
        self._post_invoice(partner=self.consumer, amount=2000.0)
        comm = self._formal_notice(self.due)
        with freeze_time(_noon(date(2026, 4, 20))):
            with self.assertRefused(ValidationError, "future date"):
                comm.lrar_date_received = date(2026, 4, 21)
            with self.assertRefused(ValidationError, "before the reminder's date"):
                comm.lrar_date_sent = date(2026, 4, 10)
            with self.assertRefused(ValidationError, "sent or posted on"):
                comm.lrar_date_received = date(2026, 4, 10)
            comm.lrar_date_sent = date(2026, 4, 13)
            with self.assertRefused(ValidationError, "sent or posted on 04/13/2026"):
                comm.lrar_date_presented = date(2026, 4, 12)
            with self.assertRefused(ValidationError, "before it was first presented"):
                comm.write(
                    {
                        "lrar_date_presented": date(2026, 4, 16),
                        "lrar_date_received": date(2026, 4, 15),
                    }
                )
        self.assertEqual(comm.lrar_date_sent, date(2026, 4, 13))
        self.assertFalse(comm.lrar_date_presented)
        self.assertFalse(comm.lrar_date_received)
        self.assertFalse(comm.notice_date)
        # collected at the post office two days after the first presentation
        self._type(
            comm,
            date(2026, 4, 20),
            lrar_date_presented=date(2026, 4, 15),
            lrar_date_received=date(2026, 4, 17),
        )
        self.assertEqual(comm.notice_date, date(2026, 4, 17))

    def test_bill_charges_now_refused(self):
        """Only on a sent communication whose level bills charges, and only by
        the credit controllers; nothing is billed otherwise."""
        self._post_invoice(partner=self.consumer, amount=2000.0)
        self._run(date(2026, 3, 12))
        reminder = self._run(date(2026, 3, 27))
        with self.assertRefused(UserError, "sent communications only"):
            reminder.action_bill_charges()
        self._send(reminder, date(2026, 3, 27))
        with self.assertRefused(UserError, "bills no charges"):
            reminder.action_bill_charges()
        notice = self._run(date(2026, 4, 11))
        self._send(notice, date(2026, 4, 11))
        self._type(notice, date(2026, 4, 15), lrar_date_received=date(2026, 4, 14))
        accountant = self.env["res.users"].create(
            {
                "name": "Comptable",
                "login": "comptable_recouvrement",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [
                    Command.set([self.env.ref("account.group_account_invoice").id])
                ],
            }
        )
        with self.assertRefused(AccessError):
            notice.with_user(accountant).action_bill_charges()
        # the day of receipt is not yet owed: nothing before the 15th
        with freeze_time(_noon(date(2026, 4, 14))):
            with self.assertRefused(UserError, "Nothing more is owed"):
                notice.action_bill_charges()
        self.assertFalse(self.Charge.search([("partner_id", "=", self.consumer.id)]))
        self.assertFalse(notice.charge_move_ids)


@tagged("post_install", "-at_install")
class TestProfessionalChargesLater(RecouvrementCommon):
    def test_professional_billed_now_from_the_previous_charge(self):
        """A professional is billed at sending, as before, with the Commercial
        Code's mention; "Bill charges now" later bills only the new interest.
        2,000 € due 02/03/2026, ECB 2.15 + 10 = 12.15 %:
        sent 11/04: 2,000 × 12.15 % × 40 / 365 = 26.63, + the 40 € indemnity
        billed 11/05: 12/04 → 11/05 = 30 days:
            2,000 × 12.15 % × 30 / 365 = 243.00 × 30 / 365 = 19.97, no indemnity"""
        invoice = self._post_invoice(amount=2000.0)
        self._run(date(2026, 3, 12))
        self._send(self._run(date(2026, 3, 27)), date(2026, 3, 27))
        comm = self._run(date(2026, 4, 11))
        self._send(comm, date(2026, 4, 11))
        first = comm.charge_move_id
        self.assertEqual(first.amount_total, 66.63)
        self.assertIn("L441-10 and D441-5", str(first.narration))
        with freeze_time(_noon(date(2026, 5, 11))):
            comm.action_bill_charges()
        later = comm.charge_move_ids - first
        self.assertEqual(later.invoice_line_ids.mapped("price_unit"), [19.97])
        self.assertIn(invoice.name, later.invoice_line_ids.name)
        self.assertEqual(comm.charge_move_id, first, "still the one of the sending")
        self.assertEqual(comm.charge_move_count, 2)
        self.assertEqual(comm.amount_charges, 86.6)
