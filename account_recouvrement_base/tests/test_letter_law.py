"""What the letters must say by law and by usage, read back from the PDFs:
the date and deadline they bear, the amount claimed, who writes and who
signs, one page, and the wording (issue #10, items 7 to 11)."""

import io
from datetime import date

from freezegun import freeze_time
from PyPDF2 import PdfReader

from odoo import SUPERUSER_ID, Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RecouvrementCommon, pdf_text

LETTER_REPORT = "account_recouvrement_base.action_report_recouvrement_letter"


@tagged("post_install", "-at_install")
class TestLetterLaw(RecouvrementCommon):
    def _formal_notice(self, partner=None, on=date(2026, 4, 11)):
        """The customer's invoices up to the formal notice: first reminder
        sent by the run on 03/12, second sent on 03/27, notice run on ``on``."""
        self._run(date(2026, 3, 12))
        self._run(date(2026, 3, 27)).action_send()
        comm = self._run(on)
        self.assertEqual(comm.level_id, self.level_notice)
        return comm

    def _render(self, comm):
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(self.env.ref(LETTER_REPORT), comm.ids)
        )
        return pdf

    # ------------------------------------------------------------------
    # Item 7: dated when sent, reprinted identically
    # ------------------------------------------------------------------

    def test_letter_dated_when_sent(self):
        self._post_invoice(amount=2000.0)
        comm = self._formal_notice()
        # made by the run on 04/11, reviewed and sent on 04/15
        self._send(comm, date(2026, 4, 15))
        self.assertEqual(comm.letter_date, date(2026, 4, 15))
        # sent 04/15 + 8 days (level) + 3 days (postal delay, registered) = 04/26
        self.assertEqual(comm.payment_deadline, date(2026, 4, 26))
        sent = pdf_text(comm.letter_attachment_id.raw)
        self.assertIn("Paris, April 15, 2026", sent)
        self.assertIn("no later than 04/26/2026", sent)
        self.assertNotIn("April 11, 2026", sent)
        # the charges run to the letter's date: 04/15 - 03/02 = 44 days,
        # 2,000.00 × 12.15 % × 44 / 365 = 29.29
        self.assertEqual(comm.charge_ids.interest_amount, 29.29)
        self.assertEqual(comm.charge_ids.interest_date_to, date(2026, 4, 15))

        # a month later: a reprint bears the same date and deadline
        with freeze_time("2026-05-20"):
            reprint = pdf_text(self._render(comm))
            action = comm.action_print_letter()
        self.assertIn("Paris, April 15, 2026", reprint)
        self.assertIn("no later than 04/26/2026", reprint)
        self.assertNotIn("May 20, 2026", reprint)
        # the print button gives the archived PDF itself
        self.assertEqual(
            action["url"],
            f"/web/content/{comm.letter_attachment_id.id}?download=true",
        )

    def test_postal_delay_only_for_posted_letters(self):
        """A reminder also emailed gets the level's deadline from its date; the
        postal delay is a company setting."""
        self._post_invoice(amount=1200.0)
        self._run(date(2026, 3, 12))
        second = self._run(date(2026, 3, 27))
        self.assertTrue(second.use_email and second.use_letter)
        self._send(second, date(2026, 3, 30))
        # 03/30 + 8 days = 04/07, no postal delay: the email arrives at once
        self.assertEqual(second.payment_deadline, date(2026, 4, 7))
        text = pdf_text(second.letter_attachment_id.raw)
        self.assertRegex(
            text,
            r"Please pay us the sum of \S*\s?1,200\.00\s?\S* no later than "
            r"04/07/2026\s?\.",
        )
        self.assertNotIn("eight days", text)

        self.company.recouvrement_postal_margin_days = 5
        notice = self._run(date(2026, 4, 11))
        self._send(notice, date(2026, 4, 11))
        # registered letter: 04/11 + 8 + 5 = 04/24
        self.assertEqual(notice.payment_deadline, date(2026, 4, 24))

    def test_postal_delay_is_bounded(self):
        with self.assertRefused(ValidationError, "postal delay"):
            self.company.recouvrement_postal_margin_days = 60
        self.assertEqual(self.company.recouvrement_postal_margin_days, 3)

    # ------------------------------------------------------------------
    # Item 8: the formal notice claims what is due
    # ------------------------------------------------------------------

    def test_formal_notice_claims_overdue_only(self):
        """Half due on 03/02, half on 06/30: the notice of 04/11 claims the
        overdue half and its charges, and lists the other half apart."""
        term = self.env["account.payment.term"].create(
            {
                "name": "50 % now, 50 % at 120 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 120}
                    ),
                ],
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 3, 2),
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Prestation",
                            "quantity": 1,
                            "price_unit": 2000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        comm = self._formal_notice()
        self._send(comm, date(2026, 4, 11))
        # interest on the overdue 1,000.00 only: 04/11 - 03/02 = 40 days,
        # 1,000.00 × 12.15 % × 40 / 365 = 13.315 -> 13.32; + 40.00 indemnity
        self.assertEqual(comm.amount_charges, 53.32)
        text = pdf_text(comm.letter_attachment_id.raw)
        # claimed: 1,000.00 overdue + 53.32 charges = 1,053.32
        self.assertRegex(text, r"demand that you pay us the sum of \S*\s?1,053\.32")
        self.assertNotIn("2,053.32", text)
        self.assertIn(
            "For your information, the following amounts are not yet due and are "
            "not claimed by this letter:",
            text,
        )
        self.assertRegex(
            text, r"not claimed by this letter: " + invoice.name + r" 1,000\.00"
        )

    # ------------------------------------------------------------------
    # Item 9: the creditor and the signatory
    # ------------------------------------------------------------------

    def test_creditor_identity_in_the_body(self):
        self.company.write(
            {
                "company_registry": "40483304800022",
                "vat": "FR83404833048",
                "recouvrement_legal_form": "SAS au capital de 50 000 €",
            }
        )
        self._post_invoice(amount=2000.0)
        comm = self._formal_notice()
        self._send(comm, date(2026, 4, 11))
        text = pdf_text(comm.letter_attachment_id.raw)
        for expected in (
            self.company.name,
            "SAS au capital de 50 000 €",
            "registered office: 1 rue de la Paix, 75002 Paris",
            "SIRET 40483304800022",
            "VAT number: FR83404833048",
        ):
            self.assertIn(expected, text)
        # signed by the user who sent it (no signatory set for the company)
        self.assertIn(self.env.user.name, text)

    def test_signatory_never_the_technical_user(self):
        """The first reminder goes out with the daily run, as the superuser:
        its letter bears no technical name; a company signatory signs."""
        root = self.env.ref("base.user_root")
        self.level_first.attach_letter = True
        self._post_invoice(amount=800.0)
        with freeze_time("2026-03-12", tick=True):
            first = (
                self.env["recouvrement.run"]
                .with_user(SUPERUSER_ID)
                .with_context(tz="UTC")
                ._run(date=date(2026, 3, 12), companies=self.company)
            )
        self.assertEqual(first.state, "sent")
        self.assertEqual(first.sent_uid, root)
        text = pdf_text(first.letter_attachment_id.raw)
        self.assertNotIn(root.name, text)
        self.assertIn("Credit department", text)
        self.assertFalse(first.signatory_name)

        self.company.write(
            {
                "recouvrement_signatory_name": "Claire Durand",
                "recouvrement_signatory_title": "Responsable du recouvrement",
            }
        )
        second = self._run(date(2026, 3, 27))
        self._send(second, date(2026, 3, 27))
        text = pdf_text(second.letter_attachment_id.raw)
        self.assertIn("Claire Durand Responsable du recouvrement", text)
        self.assertNotIn(self.env.user.name, text)
        self.assertIn("Claire Durand", second.mail_id.body_html)

    def test_signatory_title_needs_a_name(self):
        with self.assertRefused(ValidationError, "name of the letters' signatory"):
            self.company.recouvrement_signatory_title = "Responsable du recouvrement"
        self.assertFalse(self.company.recouvrement_signatory_title)

    # ------------------------------------------------------------------
    # Item 10: one page
    # ------------------------------------------------------------------

    def test_formal_notice_of_five_invoices_fits_one_page(self):
        self.company.write(
            {
                "company_registry": "40483304800022",
                "vat": "FR83404833048",
                "recouvrement_legal_form": "SAS au capital de 50 000 €",
                "recouvrement_signatory_name": "Claire Durand",
                "recouvrement_signatory_title": "Responsable du recouvrement",
            }
        )
        for amount in (1200.0, 845.5, 3020.0, 99.99, 15000.0):
            self._post_invoice(amount=amount)
        comm = self._formal_notice()
        comm.lrar_number = "1A 123 456 7890 1"
        self._send(comm, date(2026, 4, 11))
        self.assertEqual(len(comm.charge_ids), 5)
        reader = PdfReader(io.BytesIO(comm.letter_attachment_id.raw))
        self.assertEqual(len(reader.pages), 1)
        text = pdf_text(comm.letter_attachment_id.raw)
        self.assertIn("Claire Durand", text)
        self.assertIn("SIRET 40483304800022", text)

    # ------------------------------------------------------------------
    # Item 11: the wording, by debtor type
    # ------------------------------------------------------------------

    def test_professional_formal_notice_wording(self):
        self._post_invoice(amount=2000.0)
        comm = self._formal_notice()
        self._send(comm, date(2026, 4, 11))
        text = pdf_text(comm.letter_attachment_id.raw)
        self.assertIn("articles L441-10 and D441-5 of the French Commercial Code", text)
        self.assertIn("without prejudice to the interest that continues", text)
        self.assertIn(
            "the costs of the proceedings being liable to be charged to you", text
        )
        self.assertNotIn("will be charged to you", text)
        self.assertNotIn("already paid", text)
        self.assertNotIn("Civil Code", text)

    def test_consumer_formal_notice_wording(self):
        """A consumer: the Civil Code, interest at the legal rate from the
        receipt of the notice, never the 40 euros nor article L441-10."""
        consumer = self.env["res.partner"].create(
            {
                "name": "Marie Petit",
                "street": "3 impasse des Roses",
                "zip": "33000",
                "city": "Bordeaux",
                "lang": "en_US",
            }
        )
        self.assertEqual(consumer.recouvrement_debtor_type, "consumer")
        self._post_invoice(partner=consumer, amount=600.0)
        comm = self._formal_notice()
        self._send(comm, date(2026, 4, 11))
        self.assertFalse(comm.charge_ids, "nothing is owed before the notice")
        text = pdf_text(comm.letter_attachment_id.raw)
        self.assertIn("articles 1231-6 and 1344-1 of the French Civil Code", text)
        self.assertIn("from the receipt of this formal notice", text)
        self.assertNotIn("L441-10", text)
        self.assertNotIn("D441-5", text)
        self.assertNotIn("40 euros", text)
        # claimed: the overdue 600.00, no charges
        self.assertRegex(text, r"demand that you pay us the sum of \S*\s?600\.00")

    def test_second_reminder_states_its_deadline(self):
        """The reminder's text gives the level's real deadline, and the
        professional is told of the penalties; no fixed "eight days"."""
        self.level_second.payment_deadline_days = 15
        self._post_invoice(amount=1200.0)
        self._run(date(2026, 3, 12))
        second = self._run(date(2026, 3, 27))
        self._send(second, date(2026, 3, 27))
        text = pdf_text(second.letter_attachment_id.raw)
        # 03/27 + 15 days = 04/11
        self.assertIn("no later than 04/11/2026", text)
        self.assertIn("article L441-10 of the French Commercial Code", text)
        self.assertNotIn("eight days", text)
        self.assertNotIn("MISE EN DEMEURE", text)
