"""Outstanding receivables workbook: the "Summary" sheet ("Synthèse"), the
aged balance, the collection KPIs, the recovery stages, the disputes and the
payment plans, laid out from what ``recouvrement.receivable.report``
computed."""

from odoo import models

from ..lib import aging
from .xlsx_helpers import RowWriter, formula_cell


class ReceivablesXlsxSummary(models.AbstractModel):
    _name = "report.account_recouvrement_receivables.receivables_xlsx"
    _inherit = [
        "report.account_recouvrement_receivables.receivables_xlsx",
        "recouvrement.receivables.xlsx.statuses",
    ]

    def _write_summary(
        self, sheet, opts, kpis, balance, level_names, total_cells, formats
    ):
        sheet.set_column(0, 0, 58)
        sheet.set_column(1, 2, 18)
        writer = RowWriter(sheet)
        company = opts["company"]
        writer.row(
            [
                (
                    self.env._(
                        "Outstanding receivables — %(company)s", company=company.name
                    ),
                    formats.title,
                )
            ]
        )
        writer.row([(self.env._("Position date"), None), (opts["date"], formats.date)])
        writer.row(
            [
                (self.env._("Start of the KPI period"), None),
                (opts["date_from"], formats.date),
            ]
        )
        writer.row(
            [
                (self.env._("End of the KPI period"), None),
                (opts["date_to"], formats.date),
            ]
        )
        days = writer.row(
            [(self.env._("Days in the period"), None), (kpis["days"], formats.integer)]
        )
        writer.row([(self.env._("Currency"), None), (company.currency_id.name, None)])
        for label, text in self.env["recouvrement.receivable.report"]._describe_options(
            opts
        ):
            writer.row([(label, None), (text, None)])
        writer.skip()

        money = formats.company_money
        writer.row([(self.env._("Indicators at the position date"), formats.section)])
        total = writer.row(
            [(self.env._("Total receivables"), None), (kpis["total"], money)]
        )
        overdue = writer.row(
            [(self.env._("Overdue receivables"), None), (kpis["overdue"], money)]
        )
        writer.row(
            [(self.env._("Receivables not yet due"), None), (kpis["current"], money)]
        )
        writer.row(
            [
                (
                    self.env._(
                        "Overdue ratio (overdue receivables / total receivables)"
                    ),
                    None,
                ),
                formula_cell(
                    f'IF({total}>0,{overdue}/{total},"")',
                    kpis["overdue_ratio"],
                    formats.percent,
                ),
            ]
        )
        writer.skip()

        writer.row([(self.env._("Indicators over the period"), formats.section)])
        opening = writer.row(
            [
                (self.env._("Opening receivables (day before the start)"), None),
                (kpis["opening"], money),
            ]
        )
        sales = writer.row(
            [
                (
                    self.env._("Sales incl. VAT of the period (credit notes deducted)"),
                    None,
                ),
                (kpis["sales"], money),
            ]
        )
        closing = writer.row(
            [(self.env._("Closing receivables"), None), (kpis["closing"], money)]
        )
        closing_current = writer.row(
            [
                (self.env._("Closing receivables not yet due"), None),
                (kpis["closing_current"], money),
            ]
        )
        collected = writer.row(
            [
                (self.env._("Collected over the period (payments received)"), None),
                (kpis["collected"], money),
            ]
        )
        writer.row(
            [
                (self.env._("DSO, accounting method (days)"), None),
                formula_cell(
                    f'IF({sales}>0,{closing}/{sales}*{days},"")',
                    kpis["dso"],
                    formats.decimal,
                    scale=1,
                ),
                (
                    self.env._("closing receivables / sales incl. VAT × days"),
                    formats.note,
                ),
            ]
        )
        writer.row(
            [
                (self.env._("Recovery rate"), None),
                formula_cell(
                    f'IF({opening}+{sales}>0,{collected}/({opening}+{sales}),"")',
                    kpis["recovery_rate"],
                    formats.percent,
                ),
                (self.env._("collected / (opening receivables + sales)"), formats.note),
            ]
        )
        writer.row(
            [
                (self.env._("CEI (collection effectiveness index)"), None),
                formula_cell(
                    f"IF({opening}+{sales}-{closing_current}>0,"
                    f'({opening}+{sales}-{closing})/({opening}+{sales}-{closing_current}),"")',
                    kpis["cei"],
                    formats.percent,
                ),
                (
                    self.env._(
                        "(opening + sales − closing) / (opening + sales − not yet due)"
                    ),
                    formats.note,
                ),
            ]
        )
        writer.row(
            [
                (
                    self.env._(
                        "Invoices of the period with payment terms over the legal cap"
                    ),
                    None,
                ),
                (kpis["term_over_cap"], None),
                (
                    self.env._("article L441-10 I of the French Commercial Code"),
                    formats.note,
                ),
            ]
        )
        writer.skip()

        writer.row(
            [
                (self.env._("Aged balance"), formats.section),
                (self.env._("Amount"), formats.header),
            ]
        )
        buckets = self._bucket_labels()
        for key in aging.BUCKET_KEYS:
            sheet_name, cell, value = total_cells[key]
            writer.row(
                [(buckets[key], None), (f"='{sheet_name}'!{cell}", money, value)]
            )
        sheet_name, cell, value = total_cells["residual_company"]
        writer.row(
            [
                (self.env._("Total"), formats.total_label),
                (f"='{sheet_name}'!{cell}", formats.total_money, value),
            ]
        )
        writer.skip()

        writer.row(
            [
                (self.env._("Receivables by dunning level"), formats.section),
                (self.env._("Amount"), formats.header),
                (self.env._("Invoices"), formats.header),
            ]
        )
        ordered = sorted(
            balance.by_level.items(),
            key=lambda item: (item[0] is None, level_names.get(item[0], "")),
        )
        for level_id, acc in ordered:
            label = (
                level_names.get(level_id, "") if level_id else self.env._("No level")
            )
            writer.row(
                [
                    (label, None),
                    (acc["residual"], money),
                    (acc["count"], formats.integer),
                ]
            )
        writer.skip()

        self._write_stages(writer, kpis["disputes"], balance, formats)
        writer.skip()
        self._write_disputes(writer, kpis["disputes"], formats)
        writer.skip()
        self._write_plans(writer, kpis["plans"], formats)
        if "cases" in kpis:
            writer.skip()
            self._write_litigation(writer, kpis["cases"], formats)
        if "doubtful" in kpis:
            writer.skip()
            self._write_doubtful(writer, kpis["doubtful"], formats)

    def _write_stages(self, writer, disputes, balance, formats):
        """The receivables by recovery stage: the customers' insolvency
        proceedings, and the rest."""
        writer.row(
            [
                (self.env._("Receivables by recovery stage"), formats.section),
                (self.env._("Amount"), formats.header),
                (self.env._("Invoices"), formats.header),
            ]
        )
        field = self.env["res.partner"]._fields["recouvrement_insolvency_state"]
        for state, label in field._description_selection(self.env):
            stage = disputes["insolvency"].get(state)
            if stage:
                writer.row(
                    [
                        (label, None),
                        (stage["residual"], formats.company_money),
                        (stage["count"], formats.integer),
                    ]
                )
        no_stage_count = balance.invoice_count - disputes["insolvent_count"]
        if no_stage_count:
            writer.row(
                [
                    (self.env._("No stage"), None),
                    (
                        formats.company_currency.round(
                            balance.totals["residual"] - disputes["insolvent_residual"]
                        ),
                        formats.company_money,
                    ),
                    (no_stage_count, formats.integer),
                ]
            )

    def _write_litigation(self, writer, cases, formats):
        """The receivables in litigation at the position date, per stage of
        their case."""
        writer.row(
            [
                (self.env._("Receivables in litigation by stage"), formats.section),
                (self.env._("Amount"), formats.header),
                (self.env._("Invoices"), formats.header),
                (self.env._("Cases"), formats.header),
            ]
        )
        for item in cases["by_stage"]:
            writer.row(
                [
                    (item["stage"], None),
                    (item["amount"], formats.company_money),
                    (item["invoice_count"], formats.integer),
                    (item["case_count"], formats.integer),
                ]
            )
        writer.row(
            [
                (self.env._("Total in litigation"), None),
                (cases["amount"], formats.company_money),
                (cases["invoice_count"], formats.integer),
                (cases["case_count"], formats.integer),
            ]
        )

    def _write_doubtful(self, writer, doubtful, formats):
        """Doubtful receivables in the books: 416 and 491 at the position
        date, 654 over the period."""
        money = formats.company_money
        writer.row([(self.env._("Doubtful receivables in the books"), formats.section)])
        for label, amount in (
            (
                self.env._("Doubtful receivables (416) at the position date"),
                doubtful["doubtful"],
            ),
            (
                self.env._("Provisions (491) at the position date"),
                doubtful["provisions"],
            ),
            (
                self.env._("Receivables written off over the period (654)"),
                doubtful["written_off"],
            ),
        ):
            writer.row([(label, None), (amount, money)])
