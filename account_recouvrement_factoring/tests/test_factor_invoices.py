"""Invoices of factored customers (issue #14): the subrogation mention and
the factor's bank account on the PDF, the mark on the invoice."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FactorCommon, pdf_text

OUR_IBAN = "FR76 3000 6000 0112 3456 7890 189"
FACTOR_IBAN = "FR76 1254 8029 9898 7654 3210 917"


@tagged("post_install", "-at_install")
class TestFactorInvoices(FactorCommon):
    def _invoice_pdf(self, invoice):
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("account.account_invoices", invoice.ids)
        )
        return pdf_text(pdf)

    def test_factored_customer_invoice_tells_to_pay_the_factor(self):
        invoice = self._post_invoice(amount=1000.0)
        text = self._invoice_pdf(invoice)
        self.assertIn(
            "To be valid, your payment must be made to BPCE Factor, to which this "
            "receivable has been transferred by subrogation (art. 1346-1 of the "
            "Civil Code): BPCE Factor must be told of any claim.",
            text,
        )
        self.assertIn(f"Pay to BPCE Factor: IBAN {FACTOR_IBAN}", text)
        self.assertNotIn(OUR_IBAN, text)
        # a customer the company keeps: its own bank account, no mention
        other = self.env["res.partner"].create({"name": "Client direct"})
        ours = self._post_invoice(partner=other, amount=100.0)
        text = self._invoice_pdf(ours)
        self.assertIn(OUR_IBAN, text)
        self.assertNotIn("subrogation", text)
        self.assertNotIn(FACTOR_IBAN, text)

    def test_returned_invoice_is_ours_again(self):
        invoice = self._post_invoice(amount=1000.0)
        batch = self._batch(invoice)
        with freeze_time(date(2026, 2, 15)):
            batch.action_confirm()
        self.assertEqual(
            invoice.recouvrement_factor_banner,
            f"Transferred to the factor BPCE Factor (batch {batch.name} of "
            "02/15/2026): the factor collects it; it is out of the dunning.",
        )
        with freeze_time(date(2026, 4, 20)):
            invoice.action_recouvrement_factor_return()
        self.assertFalse(invoice.recouvrement_factor_banner)
        self.assertFalse(invoice._recouvrement_factor_contract())
