"""Outstanding receivables workbook: the layout half of the report.

The rows and the KPIs come from ``recouvrement.receivable.report``; this file
only writes them, in French (the workbook's readers are French credit
controllers): sheets "Factures", "Clients" and "Synthèse".

The workbook is written in xlsxwriter's constant-memory mode: each row goes
to disk once complete, so every sheet is written top to bottom; the invoices
come sorted by customer, so a customer's row is written as soon as its last
invoice has been.
"""

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from odoo import models

from ..lib import aging

BUCKET_HEADERS = {
    "not_due": "Non échu",
    "1_30": "1–30 j",
    "31_60": "31–60 j",
    "61_90": "61–90 j",
    "over_90": "> 90 j",
}

# (header, width, kind, key); kind tells the cell type and format
INVOICE_COLUMNS = [
    ("Client", 32, "text", "partner_name"),
    ("SIREN", 12, "text", "siren"),
    ("N° TVA", 16, "text", "vat"),
    ("Facture", 20, "text", "move_name"),
    ("Date facture", 12, "date", "invoice_date"),
    ("Échéance", 12, "date", "date_due"),
    ("Jours de retard", 10, "int", "days_late"),
    ("Devise", 8, "text", "currency"),
    ("Montant initial", 15, "money", "amount_total"),
    ("Reste dû", 15, "money", "residual"),
    ("Reste dû ({company_currency})", 16, "company_money", "residual_company"),
    *[(label, 14, "company_money", key) for key, label in BUCKET_HEADERS.items()],
    ("Niveau de relance", 22, "text", "level"),
    ("Dernière relance", 12, "date", "last_reminder_date"),
    ("Litige", 14, "text", "dispute"),
    ("Échéancier", 14, "text", "payment_plan"),
    ("Affacturage", 14, "text", "factoring"),
    ("Étape de recouvrement", 20, "text", "recovery_stage"),
]
CUSTOMER_COLUMNS = [
    ("Client", 32, "text", "partner_name"),
    ("SIREN", 12, "text", "siren"),
    ("N° TVA", 16, "text", "vat"),
    ("Nombre de factures", 10, "count", "count"),
    ("Reste dû ({company_currency})", 16, "company_money", "residual"),
    *[(label, 14, "company_money", key) for key, label in BUCKET_HEADERS.items()],
    ("Retard max (j)", 10, "int", "max_days_late"),
]
SUMMED_KINDS = ("company_money", "count")


class ReceivablesXlsx(models.AbstractModel):
    _name = "report.account_recouvrement.receivables_xlsx"
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
        formats = _Formats(workbook, company_currency)
        invoices = workbook.add_worksheet("Factures")
        customers = workbook.add_worksheet("Clients")
        summary = workbook.add_worksheet("Synthèse")
        for sheet, columns in (
            (invoices, INVOICE_COLUMNS),
            (customers, CUSTOMER_COLUMNS),
        ):
            self._write_header(sheet, columns, formats, company_currency)

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
        self._write_summary(
            summary, opts, kpis, balance, level_names, total_cells, formats
        )

    # ------------------------------------------------------------------
    # Factures / Clients
    # ------------------------------------------------------------------

    @staticmethod
    def _write_header(sheet, columns, formats, company_currency):
        # constant-memory mode: sheet settings before the first row
        sheet.freeze_panes(1, 1)
        for col, (header, width, _kind, _key) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(
                0,
                col,
                header.format(company_currency=company_currency.name),
                formats.header,
            )

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

    @staticmethod
    def _write_totals(sheet, row_index, columns, totals, formats):
        """Totals row (SUM formulas with their value) under the data, and the
        autofilter over the header and the data. Returns {key: cell}."""
        last_col = len(columns) - 1
        sheet.autofilter(0, 0, max(row_index - 1, 0), last_col)
        sheet.write_string(row_index, 0, "Total", formats.total_label)
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

    # ------------------------------------------------------------------
    # Synthèse
    # ------------------------------------------------------------------

    def _write_summary(
        self, sheet, opts, kpis, balance, level_names, total_cells, formats
    ):
        sheet.set_column(0, 0, 58)
        sheet.set_column(1, 2, 18)
        writer = _RowWriter(sheet)
        company = opts["company"]
        writer.row([(f"Créances en cours — {company.name}", formats.title)])
        writer.row([("Date de situation", None), (opts["date"], formats.date)])
        writer.row(
            [
                ("Début de la période des indicateurs", None),
                (opts["date_from"], formats.date),
            ]
        )
        writer.row(
            [
                ("Fin de la période des indicateurs", None),
                (opts["date_to"], formats.date),
            ]
        )
        days = writer.row(
            [("Nombre de jours de la période", None), (kpis["days"], formats.integer)]
        )
        writer.row([("Devise", None), (company.currency_id.name, None)])
        for label, text in self.env["recouvrement.receivable.report"]._describe_options(
            opts
        ):
            writer.row([(label, None), (text, None)])
        writer.skip()

        money = formats.company_money
        writer.row([("Indicateurs à la date de situation", formats.section)])
        total = writer.row([("Encours total", None), (kpis["total"], money)])
        overdue = writer.row([("Encours échu", None), (kpis["overdue"], money)])
        writer.row([("Encours non échu", None), (kpis["current"], money)])
        writer.row(
            [
                ("Taux d'impayés (encours échu / encours total)", None),
                _formula(
                    f'IF({total}>0,{overdue}/{total},"")',
                    kpis["overdue_ratio"],
                    formats.percent,
                ),
            ]
        )
        writer.skip()

        writer.row([("Indicateurs sur la période", formats.section)])
        opening = writer.row(
            [("Encours d'ouverture (veille du début)", None), (kpis["opening"], money)]
        )
        sales = writer.row(
            [
                ("Ventes TTC de la période (avoirs déduits)", None),
                (kpis["sales"], money),
            ]
        )
        closing = writer.row([("Encours de clôture", None), (kpis["closing"], money)])
        closing_current = writer.row(
            [("Encours non échu de clôture", None), (kpis["closing_current"], money)]
        )
        collected = writer.row(
            [
                ("Encaissé sur la période (ouverture + ventes − clôture)", None),
                (f"={opening}+{sales}-{closing}", money, kpis["collected"]),
            ]
        )
        writer.row(
            [
                ("DSO, méthode comptable (jours)", None),
                _formula(
                    f'IF({sales}>0,{closing}/{sales}*{days},"")',
                    kpis["dso"],
                    formats.decimal,
                    scale=1,
                ),
                ("encours de clôture / ventes TTC × jours", formats.note),
            ]
        )
        writer.row(
            [
                ("Taux de recouvrement", None),
                _formula(
                    f'IF({opening}+{sales}>0,{collected}/({opening}+{sales}),"")',
                    kpis["recovery_rate"],
                    formats.percent,
                ),
                ("encaissé / (encours d'ouverture + ventes)", formats.note),
            ]
        )
        writer.row(
            [
                ("CEI (indice d'efficacité du recouvrement)", None),
                _formula(
                    f"IF({opening}+{sales}-{closing_current}>0,"
                    f'({opening}+{sales}-{closing})/({opening}+{sales}-{closing_current}),"")',
                    kpis["cei"],
                    formats.percent,
                ),
                (
                    "(ouverture + ventes − clôture) / (ouverture + ventes − non échu)",
                    formats.note,
                ),
            ]
        )
        writer.skip()

        writer.row([("Balance âgée", formats.section), ("Montant", formats.header)])
        for key in aging.BUCKET_KEYS:
            sheet_name, cell, value = total_cells[key]
            writer.row(
                [(BUCKET_HEADERS[key], None), (f"='{sheet_name}'!{cell}", money, value)]
            )
        sheet_name, cell, value = total_cells["residual_company"]
        writer.row(
            [
                ("Total", formats.total_label),
                (f"='{sheet_name}'!{cell}", formats.total_money, value),
            ]
        )
        writer.skip()

        writer.row(
            [
                ("Encours par niveau de relance", formats.section),
                ("Montant", formats.header),
                ("Factures", formats.header),
            ]
        )
        ordered = sorted(
            balance.by_level.items(),
            key=lambda item: (item[0] is None, level_names.get(item[0], "")),
        )
        for level_id, acc in ordered:
            label = level_names.get(level_id, "") if level_id else "Sans niveau"
            writer.row(
                [
                    (label, None),
                    (acc["residual"], money),
                    (acc["count"], formats.integer),
                ]
            )
        writer.skip()

        writer.row(
            [
                ("Encours par étape de recouvrement", formats.section),
                ("Montant", formats.header),
                ("Factures", formats.header),
            ]
        )
        if balance.invoice_count:
            writer.row(
                [
                    ("Sans étape", None),
                    (balance.totals["residual"], money),
                    (balance.invoice_count, formats.integer),
                ]
            )


def _formula(expression, percent_value, fmt, scale=100):
    """A formula cell with its value (``None``: empty result); the ``lib.aging``
    ratios are percentages, the cells hold fractions with a % format."""
    value = "" if percent_value is None else percent_value / scale
    return (f"={expression}", fmt, value)


class _RowWriter:
    """Writes a sheet top to bottom; ``row`` returns the absolute address of
    the row's second cell, for formulas."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.index = 0

    def skip(self):
        self.index += 1

    def row(self, cells):
        for col, cell in enumerate(cells):
            value, fmt = cell[0], cell[1]
            if isinstance(value, str) and value.startswith("="):
                self.sheet.write_formula(self.index, col, value, fmt, cell[2])
            elif hasattr(value, "year"):
                self.sheet.write_datetime(self.index, col, value, fmt)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sheet.write_number(self.index, col, value, fmt)
            else:
                self.sheet.write_string(self.index, col, value or "", fmt)
        address = xl_rowcol_to_cell(self.index, 1, True, True)
        self.index += 1
        return address


class _Formats:
    """The workbook's cell formats, one per currency for amounts."""

    def __init__(self, workbook, company_currency):
        self.workbook = workbook
        self.company_currency = company_currency
        add = workbook.add_format
        self.header = add(
            {
                "bold": True,
                "bg_color": "#D9E1F2",
                "bottom": 1,
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.title = add({"bold": True, "font_size": 14})
        self.section = add({"bold": True, "font_size": 12})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.date = add({"num_format": "dd/mm/yyyy"})
        self.integer = add({"num_format": "0"})
        self.decimal = add({"num_format": "0.0"})
        self.percent = add({"num_format": "0.0%"})
        self.total_label = add({"bold": True, "top": 1})
        self.total_integer = add({"bold": True, "top": 1, "num_format": "0"})
        self._money = {}
        self.company_money = self.money(company_currency)
        self.total_money = add(
            {"bold": True, "top": 1, "num_format": money_format(company_currency)}
        )

    def money(self, currency):
        if currency.id not in self._money:
            self._money[currency.id] = self.workbook.add_format(
                {"num_format": money_format(currency)}
            )
        return self._money[currency.id]


def money_format(currency):
    """Excel number format of a currency, e.g. ``#,##0.00 "€"``."""
    number = "#,##0"
    if currency.decimal_places:
        number += "." + "0" * currency.decimal_places
    symbol = '"{}"'.format((currency.symbol or currency.name).replace('"', ""))
    if currency.position == "before":
        return f"{symbol}{number}"
    return f"{number} {symbol}"
