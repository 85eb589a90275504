"""Outstanding receivables workbook: the layout half of the report.

The rows and the KPIs come from ``recouvrement.receivable.report``; this file
only writes them, in the language of the environment (the user who prints it,
or the recipients of the weekly email): sheets "Invoices", "Customers" and
"Summary" ("Factures", "Clients" and "Synthèse" in French). The labels are
English source strings translated at render time (``i18n/fr.po``); the aged
bucket labels are those of the analysis model's ``bucket`` selection.

The workbook is written in xlsxwriter's constant-memory mode: each row goes
to disk once complete, so every sheet is written top to bottom; the invoices
come sorted by customer, so a customer's row is written as soon as its last
invoice has been.
"""

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from odoo import models
from odoo.tools.translate import LazyTranslate

from ..lib import aging
from .xlsx_helpers import Formats

_lt = LazyTranslate(__name__)

# a column whose header is the label of an aged bucket (its key)
BUCKET = None
BUCKET_COLUMNS = [(BUCKET, 14, "company_money", key) for key in aging.BUCKET_KEYS]
# the residual in company currency: the header names the currency
RESIDUAL_COMPANY = object()

# (header, width, kind, key); kind tells the cell type and format
INVOICE_COLUMNS = [
    (_lt("Customer"), 32, "text", "partner_name"),
    (_lt("SIREN"), 12, "text", "siren"),
    (_lt("VAT number"), 16, "text", "vat"),
    (_lt("Invoice"), 20, "text", "move_name"),
    (_lt("Invoice date"), 12, "date", "invoice_date"),
    (_lt("Due date"), 12, "date", "date_due"),
    (_lt("Days late"), 10, "int", "days_late"),
    (_lt("Currency"), 8, "text", "currency"),
    (_lt("Original amount"), 15, "money", "amount_total"),
    (_lt("Residual"), 15, "money", "residual"),
    (RESIDUAL_COMPANY, 16, "company_money", "residual_company"),
    *BUCKET_COLUMNS,
    (_lt("Dunning level"), 22, "text", "level"),
    (_lt("Last reminder"), 12, "date", "last_reminder_date"),
    (_lt("Dispute"), 40, "text", "dispute"),
    (_lt("Payment plan"), 48, "text", "payment_plan"),
    (_lt("Factoring"), 14, "text", "factoring"),
    (_lt("Recovery stage"), 26, "text", "recovery_stage"),
]
CUSTOMER_COLUMNS = [
    (_lt("Customer"), 32, "text", "partner_name"),
    (_lt("SIREN"), 12, "text", "siren"),
    (_lt("VAT number"), 16, "text", "vat"),
    (_lt("Number of invoices"), 10, "count", "count"),
    (RESIDUAL_COMPANY, 16, "company_money", "residual"),
    *BUCKET_COLUMNS,
    (_lt("Max days late"), 10, "int", "max_days_late"),
]
SUMMED_KINDS = ("company_money", "count")


class ReceivablesXlsx(models.AbstractModel):
    _name = "report.account_recouvrement_receivables.receivables_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Outstanding Receivables XLSX"

    def get_workbook_options(self):
        return {"constant_memory": True}

    def generate_xlsx_report(self, workbook, data, objs):
        report = self.env["recouvrement.receivable.report"]
        raw = (data or {}).get("receivables_options")
        if raw is None:
            raw = report._options_from_moves(objs)
        opts = report._normalize_options(raw)
        company_currency = opts["company"].currency_id
        formats = Formats(workbook, company_currency)
        invoices = workbook.add_worksheet(self.env._("Invoices"))
        customers = workbook.add_worksheet(self.env._("Customers"))
        summary = workbook.add_worksheet(self.env._("Summary"))
        for sheet, columns in (
            (invoices, INVOICE_COLUMNS),
            (customers, CUSTOMER_COLUMNS),
        ):
            self._write_header(sheet, self._headers(columns, company_currency), formats)

        level_names = report._level_names(opts)
        balance = aging.AgedBalance()
        customer_row = 1
        row_index = 0
        currencies = {}  # id: (record, name), read once per currency
        for row_index, row in enumerate(report._iter_rows(opts), start=1):
            if row["currency_id"] not in currencies:
                record = self.env["res.currency"].browse(row["currency_id"])
                currencies[row["currency_id"]] = (record, record.name)
            currency, row["currency"] = currencies[row["currency_id"]]
            row["level"] = level_names.get(row["level_id"], "")
            row.update(row.pop("buckets"))
            self._write_row(
                invoices, row_index, INVOICE_COLUMNS, row, formats, currency
            )
            finished = balance.add(
                {
                    "key": row["partner_id"],
                    "partner_name": row["partner_name"],
                    "siren": row["siren"],
                    "vat": row["vat"],
                },
                row["residual_company"],
                {key: row[key] for key in aging.BUCKET_KEYS},
                late=row["days_late"],
                level=row["level_id"],
            )
            if finished:
                self._write_row(
                    customers, customer_row, CUSTOMER_COLUMNS, finished, formats
                )
                customer_row += 1
        finished = balance.close()
        if finished:
            self._write_row(
                customers, customer_row, CUSTOMER_COLUMNS, finished, formats
            )
            customer_row += 1

        invoice_totals = {
            **balance.totals,
            "residual_company": balance.totals["residual"],
        }
        total_cells = self._write_totals(
            invoices, row_index + 1, INVOICE_COLUMNS, invoice_totals, formats
        )
        self._write_totals(
            customers, customer_row, CUSTOMER_COLUMNS, balance.totals, formats
        )
        kpis = report._get_kpis(opts)
        kpis["disputes"] = report._get_dispute_kpis(opts)
        kpis["plans"] = report._get_plan_kpis(opts)
        kpis["cases"] = report._get_case_kpis(opts)
        kpis["doubtful"] = report._get_doubtful_kpis(opts)
        self._write_summary(
            summary, opts, kpis, balance, level_names, total_cells, formats
        )

    # ------------------------------------------------------------------
    # Invoices and customers sheets
    # ------------------------------------------------------------------

    def _bucket_labels(self):
        """{bucket key: label} in the environment's language."""
        field = self.env["recouvrement.receivable.analysis"]._fields["bucket"]
        return dict(field._description_selection(self.env))

    def _headers(self, columns, company_currency):
        """(header, width) of the columns, translated."""
        buckets = self._bucket_labels()
        headers = []
        for label, width, _kind, key in columns:
            if label is BUCKET:
                header = buckets[key]
            elif label is RESIDUAL_COMPANY:
                header = self.env._(
                    "Residual (%(currency)s)", currency=company_currency.name
                )
            else:
                header = self.env._(label)
            headers.append((header, width))
        return headers

    @staticmethod
    def _write_header(sheet, headers, formats):
        # constant-memory mode: sheet settings before the first row
        sheet.freeze_panes(1, 1)
        for col, (header, width) in enumerate(headers):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, header, formats.header)

    @staticmethod
    def _write_row(sheet, row_index, columns, row, formats, currency=None):
        for col, (_header, _width, kind, key) in enumerate(columns):
            value = row.get(key)
            if value is None or value is False or value == "":
                sheet.write_blank(row_index, col, None)
            elif kind == "date":
                sheet.write_datetime(row_index, col, value, formats.date)
            elif kind in ("int", "count"):
                sheet.write_number(row_index, col, value, formats.integer)
            elif kind == "money":
                sheet.write_number(
                    row_index, col, currency.round(value), formats.money(currency)
                )
            elif kind == "company_money":
                sheet.write_number(
                    row_index,
                    col,
                    formats.company_currency.round(value),
                    formats.company_money,
                )
            else:
                sheet.write_string(row_index, col, str(value))

    def _write_totals(self, sheet, row_index, columns, totals, formats):
        """Totals row (SUM formulas with their value) under the data, and the
        autofilter over the header and the data. Returns {key: cell}."""
        last_col = len(columns) - 1
        sheet.autofilter(0, 0, max(row_index - 1, 0), last_col)
        sheet.write_string(row_index, 0, self.env._("Total"), formats.total_label)
        cells = {}
        for col, (_header, _width, kind, key) in enumerate(columns):
            if kind not in SUMMED_KINDS:
                if col:
                    sheet.write_blank(row_index, col, None, formats.total_label)
                continue
            value = totals.get(key) or 0
            if kind == "company_money":
                value = formats.company_currency.round(value)
            fmt = (
                formats.total_money
                if kind == "company_money"
                else formats.total_integer
            )
            if row_index > 1:
                letter = xl_col_to_name(col)
                sheet.write_formula(
                    row_index, col, f"=SUM({letter}2:{letter}{row_index})", fmt, value
                )
            else:  # no data row: a SUM would reach the header
                sheet.write_number(row_index, col, value, fmt)
            cells[key] = (
                sheet.name,
                xl_rowcol_to_cell(row_index, col, True, True),
                value,
            )
        return cells
