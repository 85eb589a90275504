"""The case file of a litigation case (issue #13): the PDF with the
statement, the communications sent and the bordereau de pièces, read back
with pdftotext; the ZIP with that PDF and the documents already stored, read
back with zipfile."""

import io
import subprocess
import tempfile
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CaseCommon


def pdftotext(raw):
    """The text of a PDF as poppler's pdftotext reads it (layout kept),
    whitespace collapsed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(raw)
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestCaseFile(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.company_registry = "73282932000074"
        cls.invoice = cls._post_invoice(amount=1000.0)
        # the dunning up to the formal notice, by registered letter
        cls._run_cls(date(2026, 3, 12))
        second = cls._run_cls(date(2026, 3, 27))
        with freeze_time("2026-03-27", tick=True):
            second.action_send()
        cls.notice = cls._run_cls(date(2026, 4, 11))
        with freeze_time("2026-04-11", tick=True):
            cls.notice.action_send()
        cls.notice.write(
            {
                "lrar_number": "1A12345678901",
                "lrar_date_sent": date(2026, 4, 11),
                "lrar_date_received": date(2026, 4, 14),
            }
        )
        cls.receipt = cls.env["ir.attachment"].create(
            {
                "name": "Accusé de réception.pdf",
                "raw": b"%PDF-1.4 receipt",
                "mimetype": "application/pdf",
                "res_model": "recouvrement.communication",
                "res_id": cls.notice.id,
            }
        )

    @classmethod
    def _run_cls(cls, on):
        with freeze_time(on, tick=True):
            return (
                cls.env["recouvrement.run"]
                .with_context(tz="UTC")
                ._run(date=on, companies=cls.company)
            )

    def _open_case(self):
        case = self._case(
            self.invoice,
            on=date(2026, 4, 20),
            procedure="injonction_commerce",
            bailiff_id=self.customer_2.id,
        )
        with freeze_time("2026-04-25"):
            case.write(
                {
                    "date_filed": date(2026, 4, 22),
                    "cost_ids": [
                        Command.create(
                            {
                                "date": date(2026, 4, 22),
                                "name": "Frais de greffe",
                                "amount": 33.47,
                            }
                        )
                    ],
                }
            )
        self.order = self.env["ir.attachment"].create(
            {
                "name": "Ordonnance.pdf",
                "raw": b"%PDF-1.4 order",
                "mimetype": "application/pdf",
                "res_model": case._name,
                "res_id": case.id,
            }
        )
        return case

    def test_case_file_pdf(self):
        case = self._open_case()
        comms = case._sent_communications()
        self.assertEqual(len(comms), 3)
        self.assertEqual(comms[-1], self.notice)
        with freeze_time("2026-04-30"):
            text = pdftotext(case._render_case_file())
        self.assertIn(f"DOSSIER CONTENTIEUX {case.name}", text)
        self.assertIn("SIREN 732829320", text)
        self.assertIn("Injonction de payer (tribunal de commerce)", text)
        self.assertIn(self.invoice.name, text)
        # interest from 03/03 to 04/30 (59 days) at 12.15 %: 1,000.00 ×
        # 12.15 % × 59 / 365 = 19.64; + 40.00 + 33.47 of costs = 1,093.11
        self.assertIn("19.64", text)
        self.assertIn("40.00", text)
        self.assertIn("Frais de greffe", text)
        self.assertIn("1,093.11", text)
        self.assertIn("Late interest is counted up to 04/30/2026.", text)
        # restarted from the filing (art. 2241): 5 years from 04/22
        self.assertIn("Prescription: 04/22/2031", text)
        # the communications sent, with the registered letter's number and
        # date of receipt
        for comm in comms:
            self.assertIn(comm.name, text)
        self.assertIn("1A12345678901", text)
        self.assertIn("04/14/2026", text)
        self.assertIn("registered letter", text)
        # the bordereau: the invoice, the letters, the receipt, the order
        pieces = case._case_file_pieces()
        self.assertEqual(pieces[0]["label"], f"Invoice {self.invoice.name}")
        self.assertEqual([p["number"] for p in pieces], list(range(1, len(pieces) + 1)))
        labels = [p["label"] for p in pieces]
        self.assertIn(f"Accusé de réception.pdf (reminder {self.notice.name})", labels)
        self.assertEqual(labels[-1], "Ordonnance.pdf")
        self.assertIn(f"{self.level_notice.name} {self.notice.name}", labels)
        for piece in pieces:
            self.assertIn(f"Pièce n° {piece['number']} {piece['label']}", text)

    def test_case_file_zip(self):
        case = self._open_case()
        with freeze_time("2026-04-30"):
            action = case.action_download_case_file()
        attachment = case.case_file_attachment_id
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
        self.assertEqual(attachment.mimetype, "application/zip")
        archive = zipfile.ZipFile(io.BytesIO(attachment.raw))
        names = archive.namelist()
        reference = case.name.replace("/", "-")
        self.assertEqual(names[0], f"00 - Case file {reference}.pdf")
        self.assertIn(
            f"DOSSIER CONTENTIEUX {case.name}", pdftotext(archive.read(names[0]))
        )
        pieces = {p["number"]: p for p in case._case_file_pieces()}
        # each stored document, as stored (not rendered again)
        for name in names[1:]:
            number = int(name.split(" - ")[0])
            self.assertEqual(archive.read(name), pieces[number]["attachment"].raw)
        receipt_number = next(
            n for n, p in pieces.items() if p["attachment"] == self.receipt
        )
        self.assertIn(f"{receipt_number:02d} - Accusé de réception.pdf", names)
        self.assertTrue(names[-1].endswith(" - Ordonnance.pdf"))
        self.assertEqual(archive.read(names[-1]), b"%PDF-1.4 order")
        self.assertTrue(self.notice.letter_attachment_id)
        self.assertIn(
            self.notice.letter_attachment_id.raw,
            [archive.read(n) for n in names],
        )
        # downloaded again: one case file kept, not listed as a piece
        with freeze_time("2026-04-30"):
            case.action_download_case_file()
        self.assertFalse(attachment.exists())
        self.assertNotIn(
            case.case_file_attachment_id,
            [p["attachment"] for p in case._case_file_pieces()],
        )

    def test_charges_billed_count_until_paid(self):
        charges_invoice = self.notice.charge_move_id
        self.assertTrue(charges_invoice.recouvrement_is_charge)
        with self.assertRefused(UserError, "bills late-payment charges"):
            self._case(self.invoice | charges_invoice, on=date(2026, 4, 20))
        case = self._case(self.invoice, on=date(2026, 4, 20))
        with freeze_time("2026-04-30"):
            # billed with the notice: 03/03 to 04/11, 40 days at 12.15 % on
            # 1,000.00 = 13.32, and the 40.00 indemnity; then the engine from
            # 04/12 to 04/30, 19 days = 6.32
            statement = case._statement()
            self.assertEqual(
                [line[3] for line in statement["rows"][0]["interest_lines"]],
                [13.32, 6.32],
            )
            self.assertEqual(statement["indemnity"], 40.0)
        self.assertEqual(charges_invoice.amount_total, 53.32)
        self._pay(charges_invoice, 53.32, date(2026, 4, 25))
        with freeze_time("2026-04-30"):
            case.invalidate_recordset()
            statement = case._statement()
            self.assertEqual(statement["interest"], 6.32)
            self.assertEqual(statement["indemnity"], 0.0)
            # the charges invoice is not a payment of the case's invoice
            self.assertEqual(statement["recovered"], 0.0)
            self.assertEqual(case.amount_balance, 1006.32)
