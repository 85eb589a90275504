from collections import Counter
from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from .common import RecouvrementCommon


@contextmanager
def count_renderings(env):
    """Count the PDF renderings: the real methods run, wrapped to count
    their calls (``_render_qweb_pdf``: reports asked for as PDF;
    ``_run_wkhtmltopdf``: PDF engine processes)."""
    Report = env.registry["ir.actions.report"]
    counts = Counter()

    def counting(name):
        original = getattr(Report, name)

        def wrapper(report, *args, **kwargs):
            counts[name] += 1
            return original(report, *args, **kwargs)

        return wrapper

    with (
        patch.object(Report, "_render_qweb_pdf", counting("_render_qweb_pdf")),
        patch.object(Report, "_run_wkhtmltopdf", counting("_run_wkhtmltopdf")),
    ):
        yield counts


@tagged("post_install", "-at_install")
class TestSendEmail(RecouvrementCommon):
    """Email reminders carry the letter in their body; a PDF is rendered only
    when the level attaches the letter, and an invoice's PDF once, stored on
    the invoice."""

    def test_email_body_carries_the_letter(self):
        first = self._post_invoice(amount=1234.56)
        second = self._post_invoice(amount=765.44, due=date(2026, 3, 1))
        with count_renderings(self.env) as counts:
            comm = self._run(date(2026, 3, 12))
        self.assertEqual(comm.state, "sent")
        self.assertEqual(comm.level_id, self.level_first)
        self.assertEqual(counts["_render_qweb_pdf"], 0, "no letter PDF for an email")
        self.assertEqual(counts["_run_wkhtmltopdf"], 0)
        self.assertFalse(comm.letter_attachment_id)
        mail = comm.mail_id
        self.assertFalse(mail.attachment_ids)
        body = mail.body_html
        for expected in (
            first.name,
            second.name,
            "1,234.56",
            "765.44",
            "2,000.00",
            # the deadline: 8 days from the email
            "no later than <strong>03/20/2026</strong>",
            "Payment details",
            "FR76",
            "Unless we are mistaken, the invoices below are now past due",
            "L441-10",
        ):
            self.assertIn(expected, body)
        # the level's text says it once, the template does not repeat it
        self.assertEqual(body.count("disregard"), 1)
        # the layout's header: the customer's account, the level and the
        # reference, not the model's name
        self.assertIn("Your customer account", body)
        self.assertIn(f"{comm.level_id.name} {comm.name}".replace("/", "-"), body)
        self.assertNotIn("Dunning Communication", body)

    def test_courtesy_reminder_says_disregard_once(self):
        self._post_invoice(amount=100.0)
        comm = self._run(date(2026, 2, 27))
        self.assertEqual(comm.level_id, self.level_courtesy)
        self.assertEqual(comm.mail_id.body_html.count("disregard"), 1)

    def test_formal_notice_by_email_never_says_disregard(self):
        self.level_notice.channel_email = True
        invoice = self._post_invoice(amount=2000.0)
        self._run(date(2026, 3, 12))
        self._send(self._run(date(2026, 3, 27)), date(2026, 3, 27))
        comm = self._run(date(2026, 4, 11))
        self._send(comm, date(2026, 4, 11))
        body = comm.mail_id.body_html
        self.assertIn("MISE EN DEMEURE", body)
        self.assertIn(invoice.name, body)
        self.assertIn("we formally demand that you pay us the sum of", body)
        self.assertIn("2,066.63", body)
        self.assertNotIn("disregard", body)
        # the registered letter is rendered (it goes by post), not attached
        self.assertTrue(comm.letter_attachment_id)
        self.assertNotIn(comm.letter_attachment_id, comm.mail_id.attachment_ids)

    def test_letter_attached_when_the_level_asks(self):
        self.level_first.attach_letter = True
        self._post_invoice(amount=100.0)
        with count_renderings(self.env) as counts:
            comm = self._run(date(2026, 3, 12))
        self.assertEqual(counts["_render_qweb_pdf"], 1)
        self.assertTrue(comm.letter_attachment_id)
        self.assertEqual(comm.mail_id.attachment_ids, comm.letter_attachment_id)

    def test_invoice_pdfs_rendered_once_and_stored_on_the_invoice(self):
        self.level_first.attach_invoices = True
        self.level_second.attach_invoices = True
        invoices = self._post_invoice(amount=100.0) | self._post_invoice(amount=50.0)
        self.assertFalse(invoices.invoice_pdf_report_id)
        with count_renderings(self.env) as counts:
            comm = self._run(date(2026, 3, 12))
        self.assertEqual(counts["_run_wkhtmltopdf"], 2, "each invoice rendered once")
        for invoice in invoices:
            stored = invoice.invoice_pdf_report_id
            self.assertTrue(stored)
            self.assertEqual(
                (stored.res_model, stored.res_id), (invoice._name, invoice.id)
            )
            self.assertEqual(stored.mimetype, "application/pdf")
            self.assertTrue(stored.raw.startswith(b"%PDF"))
        self.assertEqual(comm.mail_id.attachment_ids, invoices.invoice_pdf_report_id)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", comm._name), ("res_id", "=", comm.id)]
            ),
            "nothing stored on the communication",
        )
        # the next reminder reuses them: only its letter (it goes by post) is rendered
        second = self._run(date(2026, 3, 27))
        with count_renderings(self.env) as counts:
            self._send(second, date(2026, 3, 27))
        self.assertEqual(counts["_run_wkhtmltopdf"], 1)
        self.assertEqual(counts["_render_qweb_pdf"], 1, "the letter only")
        self.assertEqual(second.mail_id.attachment_ids, invoices.invoice_pdf_report_id)

    def test_email_in_the_customers_language(self):
        """A French customer reads the letter's sentences in French, with
        French amounts and dates."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["mail", "account_recouvrement_base"], ["fr_FR"]
        )
        self.customer.lang = "fr_FR"
        invoice = self._post_invoice(amount=1234.56)
        comm = self._run(date(2026, 3, 12))
        body = comm.mail_id.body_html
        self.assertIn("Votre compte client", body)
        self.assertIn(
            f"{comm.level_id.with_context(lang='fr_FR').name} {comm.name}".replace(
                "/", "-"
            ),
            body,
        )
        self.assertIn(invoice.name, body)
        self.assertIn(
            f"Objet : factures en attente de règlement — notre référence {comm.name}",
            body,
        )
        self.assertIn("Nous vous remercions de bien vouloir nous régler la somme", body)
        self.assertIn("234,56", body)
        self.assertIn("20/03/2026", body)
        self.assertNotIn("Please pay us", body)
