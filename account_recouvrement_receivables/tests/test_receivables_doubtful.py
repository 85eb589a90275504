"""Doubtful receivables in the receivables report (issue #13): the 416 line
still owed, its provision and the write-off, in the KPIs, the workbook's
summary and the analysis. Amounts hand-computed on a 1,200.00 € invoice:
1,000.00 + 20 % VAT."""

import io
from datetime import date

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo.tests import tagged

from odoo.addons.account_recouvrement_litigation.tests.common import (
    DoubtfulCaseCommon,
)


@tagged("post_install", "-at_install")
class TestReceivablesDoubtful(DoubtfulCaseCommon):
    def test_doubtful_receivables_in_the_workbook_summary(self):
        kept = self._invoice_with_vat()
        lost = self._invoice_with_vat()
        case_kept = self._case(kept)
        with freeze_time("2026-04-15"):
            case_kept.action_transfer_doubtful()
            case_kept.action_provision(50.0)
        case_lost = self._case(lost)
        with freeze_time("2026-05-10"):
            case_lost.action_close("irrecoverable")
            case_lost.action_write_off()
        report = self.env["recouvrement.receivable.report"]
        with freeze_time("2026-05-31"):
            opts = report._normalize_options(
                {
                    "date": date(2026, 5, 31),
                    "date_from": date(2026, 5, 1),
                    "date_to": date(2026, 5, 31),
                }
            )
        # 416: 1,200.00 of the kept case (the lost one went through 416 and
        # out); 491: 500.00; 654: 1,000.00 written off in May
        self.assertEqual(
            report._get_doubtful_kpis(opts),
            {"doubtful": 1200.0, "provisions": 500.0, "written_off": 1000.0},
        )
        # before the write-off's month, nothing written off
        opts = report._normalize_options(
            {
                "date": date(2026, 4, 30),
                "date_from": date(2026, 4, 1),
                "date_to": date(2026, 4, 30),
            }
        )
        self.assertEqual(
            report._get_doubtful_kpis(opts),
            {"doubtful": 1200.0, "provisions": 500.0, "written_off": 0.0},
        )
        # the same figures in the workbook's summary sheet, read back
        with freeze_time("2026-05-31"):
            options = {
                "date": date(2026, 5, 31),
                "date_from": date(2026, 5, 1),
                "date_to": date(2026, 5, 31),
                "company_id": self.company.id,
            }
            data = {"receivables_options": report._serialize_options(options)}
            content, _kind = self.env["ir.actions.report"]._render_xlsx(
                "account_recouvrement_receivables.action_report_receivables_xlsx",
                [],
                data,
            )
        rows = list(
            load_workbook(io.BytesIO(content), data_only=True)["Summary"].iter_rows(
                values_only=True
            )
        )
        values = {row[0]: row[1] for row in rows if row and row[0]}
        self.assertEqual(
            values["Doubtful receivables (416) at the position date"], 1200.0
        )
        self.assertEqual(values["Provisions (491) at the position date"], 500.0)
        self.assertEqual(
            values["Receivables written off over the period (654)"], 1000.0
        )

    def test_doubtful_receivable_stays_in_the_receivables(self):
        """Once on 416, the invoice is settled on 411 but still owed: the
        workbook, the litigation per stage and the analysis keep it, for what
        the 416 line still carries, aged from the invoice's due date."""
        invoice = self._invoice_with_vat()
        case = self._case(invoice)
        with freeze_time("2026-04-15"):
            case.action_transfer_doubtful()
        self.assertEqual(invoice.payment_state, "paid", "settled on 411")
        report = self.env["recouvrement.receivable.report"]
        with freeze_time("2026-04-30"):
            opts = report._normalize_options({"date": date(2026, 4, 30)})
            rows = [
                row for row in report._iter_rows(opts) if row["move_id"] == invoice.id
            ]
            kpis = report._get_case_kpis(opts)
            lines = self.env["recouvrement.receivable.analysis"].search(
                [("move_id", "=", invoice.id)]
            )
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["residual_company"], 1200.0)
        self.assertEqual(kpis["amount"], 1200.0)
        self.assertEqual(sum(lines.mapped("amount_residual")), 1200.0)
        self.assertEqual(lines.date_maturity, self.due)
        self.assertEqual(lines.case_id, case)
        # the provision, a measure of the analysis on the 416 line
        with freeze_time("2026-04-30"):
            case.action_provision(50.0)
            self.env.invalidate_all()
            lines = self.env["recouvrement.receivable.analysis"].search(
                [("move_id", "=", invoice.id)]
            )
        self.assertEqual(sum(lines.mapped("amount_provision")), 500.0)
        # on the day before the transfer, the 411 line; after a payment of
        # 400.00 carried to 416, what remains
        with freeze_time("2026-04-30"):
            opts = report._normalize_options({"date": date(2026, 4, 14)})
            rows = [
                row for row in report._iter_rows(opts) if row["move_id"] == invoice.id
            ]
        self.assertEqual(rows[0]["residual_company"], 1200.0)
        with freeze_time("2026-05-05", tick=True):
            payment = self.env["account.payment"].create(
                {
                    "amount": 400.0,
                    "date": date(2026, 5, 5),
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.customer.id,
                }
            )
            payment.action_post()
        invoice._recouvrement_apply_doubtful_payment(
            payment.move_id.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            ),
            date=date(2026, 5, 5),
        )
        with freeze_time("2026-05-10"):
            opts = report._normalize_options({"date": date(2026, 5, 10)})
            rows = [
                row for row in report._iter_rows(opts) if row["move_id"] == invoice.id
            ]
            self.env.invalidate_all()
            lines = self.env["recouvrement.receivable.analysis"].search(
                [("move_id", "=", invoice.id)]
            )
        self.assertEqual(rows[0]["residual_company"], 800.0)
        self.assertEqual(sum(lines.mapped("amount_residual")), 800.0)
