import subprocess
import tempfile
from datetime import date
from unittest.mock import patch

from PyPDF2 import PdfReader

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models import recouvrement_letter_batch as letter_batch
from .common import RecouvrementCommon
from .test_send_email import count_renderings


def page_texts(raw):
    """The text of each page, read back with pdftotext (its text layer)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(raw)
        pdf.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return [" ".join(page.split()) for page in out.split("\f")[:-1]]


@tagged("post_install", "-at_install")
class TestLetterBatch(RecouvrementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_2.write(
            {"street": "3 avenue Foch", "zip": "75016", "city": "Paris"}
        )
        cls.customer_3 = cls.env["res.partner"].create(
            {
                "name": "Fromagerie Leroy",
                "is_company": True,
                "email": "leroy@fromagerie.example",
                "street": "5 place du Marché",
                "zip": "21000",
                "city": "Dijon",
            }
        )
        cls.invoices = (
            cls._post_invoice(partner=cls.customer, amount=100.0)
            | cls._post_invoice(partner=cls.customer_2, amount=200.0)
            | cls._post_invoice(partner=cls.customer_3, amount=300.0)
        )

    def _second_reminders(self):
        """Three customers at the second level, by email and letter, sent."""
        self._run(date(2026, 3, 12))
        comms = self._run(date(2026, 3, 27))
        self._send(comms, date(2026, 3, 27))
        self.assertEqual(set(comms.mapped("state")), {"sent"})
        return comms.sorted(lambda comm: comm.partner_id.name)

    def test_one_print_one_page_set_per_letter(self):
        comms = self._second_reminders()
        with count_renderings(self.env) as counts:
            action = comms.action_print_letters()
        self.assertEqual(counts["_run_wkhtmltopdf"], 1, "one rendering for the day")
        batch = comms.letter_batch_id
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.kind, "letter")
        self.assertEqual(batch.letter_count, 3)
        self.assertEqual(
            action["url"], f"/web/content/{batch.attachment_id.id}?download=true"
        )
        self.assertTrue(all(comms.mapped("letter_printed")))
        # stored once, on the print
        self.assertEqual(
            (batch.attachment_id.res_model, batch.attachment_id.res_id),
            (batch._name, batch.id),
        )
        raw = batch.attachment_id.raw
        pages = page_texts(raw)
        self.assertEqual(len(pages), batch.page_count)
        self.assertEqual(
            len(PdfReader(__import__("io").BytesIO(raw)).pages), len(pages)
        )
        self.assertEqual(comms[0].print_page_from, 1)
        expected_from = 1
        for comm in comms:
            self.assertEqual(comm.print_page_from, expected_from)
            self.assertGreaterEqual(comm.print_page_to, comm.print_page_from)
            letter = pages[comm.print_page_from - 1 : comm.print_page_to]
            text = " ".join(letter)
            # each page set is its letter: its reference, customer and invoice
            self.assertIn(comm.name, letter[0])
            self.assertIn(comm.partner_id.name, letter[0])
            self.assertIn(comm.line_ids.move_id.name, text)
            for other in comms - comm:
                self.assertNotIn(other.name, text)
                self.assertNotIn(other.partner_id.name, text)
            expected_from = comm.print_page_to + 1
        self.assertEqual(comms[-1].print_page_to, len(pages))
        # a real text layer, light
        self.assertLess(len(raw) / len(pages), 150 * 1024)

    def test_print_the_day_not_yet_printed(self):
        comms = self._second_reminders()
        comms[0].action_print_letters()
        wizard = self.env["recouvrement.letter.print.wizard"].create(
            {"date": date(2026, 3, 27)}
        )
        wizard.action_print()
        batch = comms[1:].letter_batch_id
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.communication_ids, comms[1:])
        self.assertNotEqual(comms[0].letter_batch_id, batch)
        # nothing left for that day
        action = wizard.action_print()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(len(self.env["recouvrement.letter.batch"].search([])), 2)

    def test_registered_letters_with_the_post_office_list(self):
        self._second_reminders()
        notices = self._run(date(2026, 4, 11))
        self.assertEqual(len(notices), 3)
        self.assertTrue(all(notices.mapped("use_registered")))
        self._send(notices, date(2026, 4, 11))
        notices = notices.sorted(lambda comm: comm.partner_id.name)
        with count_renderings(self.env) as counts:
            notices.action_print_letters()
        self.assertEqual(counts["_run_wkhtmltopdf"], 1)
        batch = notices.letter_batch_id
        self.assertEqual(batch.kind, "registered")
        pages = page_texts(batch.attachment_id.raw)
        self.assertEqual(batch.list_page_from, notices[-1].print_page_to + 1)
        for comm in notices:
            self.assertIn("MISE EN DEMEURE", pages[comm.print_page_from - 1])
            self.assertIn(comm.name, pages[comm.print_page_from - 1])
        post_office = " ".join(pages[batch.list_page_from - 1 :])
        self.assertIn("List of registered letters", post_office)
        for comm in notices:
            self.assertIn(comm.name, post_office)
            self.assertIn(comm.partner_id.name, post_office)
        self.assertIn("21000", post_office)

    def test_large_print_rendered_in_parts_merged_into_one(self):
        """Beyond PRINT_PART letters (lowered to 2 here), one rendering per
        part, merged into one PDF: each letter's page set, and the post
        office list of every letter once, at the end."""
        self._second_reminders()
        notices = self._run(date(2026, 4, 11))
        self._send(notices, date(2026, 4, 11))
        notices = notices.sorted(lambda comm: comm.partner_id.name)
        self.enterContext(patch.object(letter_batch, "PRINT_PART", 2))
        with count_renderings(self.env) as counts:
            notices.action_print_letters()
        self.assertEqual(counts["_run_wkhtmltopdf"], 2, "two parts: 2 + 1 letters")
        batch = notices.letter_batch_id
        self.assertEqual(len(batch), 1)
        pages = page_texts(batch.attachment_id.raw)
        self.assertEqual(batch.page_count, len(pages))
        expected_from = 1
        for comm in notices:
            self.assertEqual(comm.print_page_from, expected_from)
            letter = " ".join(pages[comm.print_page_from - 1 : comm.print_page_to])
            self.assertIn(comm.name, pages[comm.print_page_from - 1])
            for other in notices - comm:
                self.assertNotIn(other.name, letter)
            expected_from = comm.print_page_to + 1
        self.assertEqual(batch.list_page_from, notices[-1].print_page_to + 1)
        post_office = " ".join(pages[batch.list_page_from - 1 :])
        self.assertEqual(post_office.count("List of registered letters"), 1)
        for comm in notices:
            self.assertIn(comm.name, post_office)
        before = " ".join(pages[: batch.list_page_from - 1])
        self.assertNotIn("List of registered letters", before)

    def test_nothing_by_post_refused(self):
        self._run(date(2026, 3, 12))
        emails = self.env["recouvrement.communication"].search(
            [("partner_id", "in", self.invoices.partner_id.ids)]
        )
        self.assertFalse(any(emails.mapped("use_letter")))
        with self.assertRefused(UserError, "goes by post"):
            emails.action_print_letters()
        self.assertFalse(self.env["recouvrement.letter.batch"].search([]))
        self.assertFalse(any(emails.mapped("letter_printed")))
