"""xlsxwriter helpers of the receivables workbook: cell formats, a top-to-bottom
row writer and formula cells. Layout only: no data, no labels."""

from xlsxwriter.utility import xl_rowcol_to_cell


def formula_cell(expression, percent_value, fmt, scale=100):
    """A formula cell with its value (``None``: empty result); the ``lib.aging``
    ratios are percentages, the cells hold fractions with a % format."""
    value = "" if percent_value is None else percent_value / scale
    return (f"={expression}", fmt, value)


class RowWriter:
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


class Formats:
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
