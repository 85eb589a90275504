from datetime import date

from odoo.tests import tagged

from .common import RecouvrementCommon, pdf_text


@tagged("post_install", "-at_install")
class TestInvoiceTerms(RecouvrementCommon):
    """C. com. L441-9 and L441-10 I on the customer invoices."""

    def _invoice(self, partner, due):
        return self._post_invoice(
            partner=partner, amount=100.0, invoice_date=date(2026, 1, 1), due=due
        )

    def test_payment_term_cap(self):
        """Invoice of 01/01/2026: 60 days → due by 02/03/2026; 45 days end of
        month → 01/01 + 45 = 15/02, end of month: 28/02/2026. Consumers are
        not concerned."""
        consumer = self.env["res.partner"].create({"name": "Paul Martin"})
        late = self._invoice(self.customer, date(2026, 3, 15))
        at_cap = self._invoice(self.customer, date(2026, 3, 2))
        consumer_late = self._invoice(consumer, date(2026, 3, 15))
        self.assertTrue(late.recouvrement_term_over_cap)
        self.assertFalse(at_cap.recouvrement_term_over_cap)
        self.assertFalse(consumer_late.recouvrement_term_over_cap)
        self.company.recouvrement_payment_term_cap = "45_days_eom"
        self.assertTrue(at_cap.recouvrement_term_over_cap)
        self.assertTrue(late.recouvrement_term_over_cap)
        self.assertFalse(
            self._invoice(self.customer, date(2026, 2, 28)).recouvrement_term_over_cap
        )

    def test_late_payment_mention_on_the_invoice(self):
        """The invoice PDF of a professional states the late-payment rate and
        the 40 € indemnity; a consumer's does not."""
        consumer = self.env["res.partner"].create({"name": "Paul Martin"})
        pro_invoice = self._invoice(self.customer, date(2026, 1, 31))
        consumer_invoice = self._invoice(consumer, date(2026, 1, 31))
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pro_text = pdf_text(
            Report._render_qweb_pdf("account.account_invoices", pro_invoice.ids)[0]
        )
        self.assertIn("plus 10 points", pro_text)
        self.assertIn("fixed indemnity of 40 € for recovery costs", pro_text)
        self.assertIn("D441-5", pro_text)
        consumer_text = pdf_text(
            Report._render_qweb_pdf("account.account_invoices", consumer_invoice.ids)[0]
        )
        self.assertIn(consumer_invoice.name, consumer_text)
        self.assertNotIn("D441-5", consumer_text)
        # a contract rate is stated as such
        self.customer.recouvrement_contract_rate = 15.0
        self.assertIn("15.0 %", pro_invoice._recouvrement_late_payment_mention())
