"""Shared fixtures of the receivables tests: the core's (``RecouvrementCommon``)
and a reader of the exported workbook."""

import io

from openpyxl import load_workbook

from odoo.addons.account_recouvrement_base.tests.common import RecouvrementCommon


def load_french_terms(env):
    """French active, with the translations of every addon the report reads
    (Odoo loads them only for the languages installed)."""
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms(
        [
            "account_recouvrement_base",
            "account_recouvrement_factoring",
            "account_recouvrement_litigation",
            "account_recouvrement_receivables",
        ],
        ["fr_FR"],
    )


class ReceivablesWorkbookCommon(RecouvrementCommon):
    """Export the receivables workbook and read it back (openpyxl, cached
    formula values)."""

    RECEIVABLES_REPORT = (
        "account_recouvrement_receivables.action_report_receivables_xlsx"
    )

    def _workbook(self, on, lang="en_US", **filters):
        report = self.env["recouvrement.receivable.report"]
        options = {"date": on, "company_id": self.company.id, **filters}
        data = {"receivables_options": report._serialize_options(options)}
        content, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_xlsx(self.RECEIVABLES_REPORT, [], data)
        )
        return load_workbook(io.BytesIO(content), data_only=True)

    @staticmethod
    def _invoice_cells(sheet, *headers):
        """{invoice name: (cells under ``headers``)} of the invoices sheet."""
        titles = [cell.value for cell in sheet[1]]
        columns = [titles.index(header) for header in headers]
        invoice_col = 3  # D
        return {
            row[invoice_col]: tuple(row[col] for col in columns)
            for row in sheet.iter_rows(min_row=2, values_only=True)
            if row[invoice_col]
        }

    @staticmethod
    def _section(sheet, title):
        """The rows (three first cells) of a summary section, up to the next
        empty row."""
        rows = list(sheet.iter_rows(values_only=True))
        start = next(i for i, row in enumerate(rows) if row[0] == title)
        section = []
        for row in rows[start + 1 :]:
            if not row[0]:
                break
            section.append(tuple(row[:3]))
        return section
