from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ReceivablesWorkbookCommon


@tagged("post_install", "-at_install")
class TestReceivablesTerms(ReceivablesWorkbookCommon):
    """The invoices over the payment-term cap (C. com. L441-10 I) counted in
    the KPIs and the Summary sheet."""

    def test_invoices_over_the_term_cap(self):
        """Invoices of 01/01/2026, 60 days cap → due by 02/03/2026: the one
        due on 15/03 is over it, the one due on 02/03 and a consumer's are
        not; with 45 days end of month (28/02/2026), both professional ones
        are."""
        consumer = self.env["res.partner"].create({"name": "Paul Martin"})
        for partner, due in (
            (self.customer, date(2026, 3, 15)),
            (self.customer, date(2026, 3, 2)),
            (consumer, date(2026, 3, 15)),
        ):
            self._post_invoice(
                partner=partner, amount=100.0, invoice_date=date(2026, 1, 1), due=due
            )
        report = self.env["recouvrement.receivable.report"]
        on = date(2026, 3, 31)
        with freeze_time(on):
            opts = report._normalize_options(
                {"date": on, "date_from": date(2026, 1, 1)}
            )
            self.assertEqual(report._get_kpis(opts)["term_over_cap"], 1)
            self.company.recouvrement_payment_term_cap = "45_days_eom"
            self.env.invalidate_all()
            self.assertEqual(report._get_kpis(opts)["term_over_cap"], 2)
