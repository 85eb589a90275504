from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ReceivablesWorkbookCommon


@tagged("post_install", "-at_install")
class TestReceivablesCharges(ReceivablesWorkbookCommon):
    def test_charges_invoice_is_not_a_sale(self):
        """The invoice of late-payment charges (26.63 of interest and the
        40.00 indemnity) is not a sale in the KPIs: the sales of the period
        stay those of the invoice reminded."""
        self._post_invoice(amount=2000.0)
        report = self.env["recouvrement.receivable.report"]
        with freeze_time(date(2026, 4, 30)):
            opts = report._normalize_options(
                {"date": date(2026, 4, 30), "date_from": date(2026, 1, 1)}
            )
            sales = report._get_sales(opts, date(2026, 1, 1), date(2026, 4, 30))
        self._run(date(2026, 3, 12))
        self._send(self._run(date(2026, 3, 27)), date(2026, 3, 27))
        comm = self._run(date(2026, 4, 11))
        self._send(comm, date(2026, 4, 11))
        self.assertEqual(comm.charge_move_id.amount_total, 66.63)
        with freeze_time(date(2026, 4, 30)):
            self.assertEqual(
                report._get_sales(opts, date(2026, 1, 1), date(2026, 4, 30)),
                sales,
                "the 66.63 of charges are not sales",
            )
