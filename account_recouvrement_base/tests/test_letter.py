import io
from datetime import date

from PyPDF2 import PdfReader

from odoo.tests import tagged

from .common import RecouvrementCommon, pdf_text


@tagged("post_install", "-at_install")
class TestLetter(RecouvrementCommon):
    def test_reminder_letter(self):
        invoice = self._post_invoice(amount=1234.56)
        self._run(date(2026, 3, 12))
        comm = self._run(date(2026, 3, 27))
        comm.action_send()
        text = pdf_text(comm.letter_attachment_id.raw)
        self.assertIn(invoice.name, text)
        self.assertIn("1,234.56", text)
        self.assertIn("Boulangerie Martin", text)
        self.assertIn("69003", text)
        self.assertIn("FR76 3000 6000 0112 3456 7890 189", text)
        self.assertNotIn("MISE EN DEMEURE", text)

    def test_formal_notice_letter(self):
        invoice = self._post_invoice(amount=2000.0)
        self._run(date(2026, 3, 12))
        self._run(date(2026, 3, 27)).action_send()
        comm = self._run(date(2026, 4, 11))
        comm.lrar_number = "1A 123 456 7890 1"
        self._send(comm, date(2026, 4, 11))
        raw = comm.letter_attachment_id.raw
        text = pdf_text(raw)
        self.assertIn("MISE EN DEMEURE", text)
        # real text (not paths), light: well under 150 KB a page
        pages = len(PdfReader(io.BytesIO(raw)).pages)
        self.assertLess(len(raw) / pages, 150 * 1024)
        self.assertIn("DejaVuSans", raw.decode("latin-1"), "its font is embedded")
        self.assertIn("1A 123 456 7890 1", text)
        self.assertIn(invoice.name, text)
        self.assertIn("L441-10", text)
        # principal, interest (12.15 % from 03/03 to 04/11: 40 days), indemnity, total
        self.assertIn("2,000.00", text)
        self.assertIn("12.15 %", text)
        self.assertIn("26.63", text)
        self.assertIn("40.00", text)
        self.assertIn("2,066.63", text)
        self.assertIn(comm.charge_move_id.name, text)
        # deadline: sent on 04/11 + 8 days of the level + 3 days of postal
        # delay (registered letter) = 04/22
        self.assertIn("04/22/2026", text)
        # the demand is one sentence, with its amount and deadline
        self.assertRegex(
            text,
            r"Consequently, we formally demand that you pay us the sum of \S*\s?"
            r"2,066\.63\s?\S* no later than 04/22/2026\s?, without prejudice to the "
            r"interest that continues to accrue until payment in full\.",
        )
        self.assertIn("injonction de payer", text)

    def test_letter_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["account_recouvrement_base"], ["fr_FR"]
        )
        self.customer.lang = "fr_FR"
        # the test policy was copied before French was loaded: give its formal
        # notice the French texts a French company gets at installation
        original = (
            self.env.ref("account_recouvrement_base.level_default_formal_notice")
            .sudo()
            .with_context(lang="fr_FR")
        )
        self.level_notice.with_context(lang="fr_FR").write(
            {
                "letter_intro": original.letter_intro,
                "letter_outro": original.letter_outro,
            }
        )
        self._post_invoice(amount=500.0)
        self._run(date(2026, 3, 12))
        self._run(date(2026, 3, 27)).action_send()
        comm = self._run(date(2026, 4, 11))
        self._send(comm, date(2026, 4, 11))
        text = pdf_text(comm.letter_attachment_id.raw)
        self.assertIn("MISE EN DEMEURE", text)
        self.assertIn("Madame, Monsieur", text)
        self.assertIn("Total réclamé", text)
        # whole French sentences, not English fragments around the values
        self.assertRegex(
            text,
            r"En conséquence, nous vous mettons en demeure de nous régler la somme "
            r"de .{4,20} au plus tard le \d\d/\d\d/2026\s?, sans préjudice des "
            r"intérêts qui continuent à courir jusqu'à complet paiement\.",
        )
        self.assertIn("Paris, le 11 avril 2026", text)
        self.assertIn("articles L441-10 et D441-5 du Code de commerce", text)
        self.assertIn("les frais de procédure pouvant être mis à votre charge", text)
        self.assertNotIn("resteront à votre charge", text)
        self.assertNotIn("huitaine", text)
        self.assertNotIn("huit jours", text)
        self.assertNotIn("déjà réglé", text)
        self.assertIn("Objet : mise en demeure de payer", text)
        self.assertIn(f"Référence de paiement : {comm.line_ids.move_id.name}", text)
        self.assertIn("Service recouvrement", text)
