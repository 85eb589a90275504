"""Outstanding receivables workbook, "Summary" sheet: the blocks of the
disputes (and insolvency proceedings) and of the payment plans."""

from odoo import models

from .xlsx_helpers import formula_cell


class ReceivablesXlsxStatuses(models.AbstractModel):
    """The disputes' and the payment plans' blocks of the summary sheet,
    written by the workbook's report (which inherits them)."""

    _name = "recouvrement.receivables.xlsx.statuses"
    _description = "Outstanding Receivables Workbook: Disputes and Plans"

    def _write_disputes(self, writer, disputes, formats):
        """Disputes at the position date and over the period; receivables
        held by insolvent customers."""
        money = formats.company_money
        writer.row([(self.env._("Disputes and insolvency"), formats.section)])
        writer.row(
            [
                (self.env._("Open disputes at the position date"), None),
                (disputes["open_count"], formats.integer),
            ]
        )
        writer.row(
            [
                (self.env._("Disputed amount of the open disputes"), None),
                (disputes["open_amount"], money),
            ]
        )
        writer.row(
            [
                (self.env._("Open disputes past their deadline"), None),
                (disputes["overdue_count"], formats.integer),
            ]
        )
        writer.row(
            [
                (self.env._("Disputed amount past the deadline"), None),
                (disputes["overdue_amount"], money),
            ]
        )
        writer.row(
            [
                (
                    self.env._(
                        "Disputes settled over the period (justified or rejected)"
                    ),
                    None,
                ),
                (disputes["settled_count"], formats.integer),
            ]
        )
        writer.row(
            [
                (self.env._("Average days to settle a dispute"), None),
                (disputes["average_days_to_resolve"], formats.decimal),
                (
                    self.env._(
                        "from its opening to its settlement, disputes settled "
                        "over the period"
                    ),
                    formats.note,
                ),
            ]
        )
        writer.row(
            [
                (
                    self.env._("Receivables of customers under insolvency proceedings"),
                    None,
                ),
                (disputes["insolvent_residual"], money),
            ]
        )
        writer.skip()

        writer.row(
            [
                (self.env._("Open disputes by reason"), formats.section),
                (self.env._("Disputed amount"), formats.header),
                (self.env._("Disputes"), formats.header),
            ]
        )
        for item in disputes["by_reason"]:
            writer.row(
                [
                    (item["reason"], None),
                    (item["amount"], money),
                    (item["count"], formats.integer),
                ]
            )

    def _write_plans(self, writer, plans, formats):
        """Payment plans at the position date and over the period."""
        money = formats.company_money
        writer.row([(self.env._("Payment plans"), formats.section)])
        writer.row(
            [
                (self.env._("Active payment plans at the position date"), None),
                (plans["active_count"], formats.integer),
            ]
        )
        writer.row(
            [
                (self.env._("Amount still due under active plans"), None),
                (plans["active_amount"], money),
                (
                    self.env._(
                        "what their invoices have left to pay at the position date"
                    ),
                    formats.note,
                ),
            ]
        )
        due = writer.row(
            [
                (self.env._("Instalments due over the period"), None),
                (plans["due_count"], formats.integer),
            ]
        )
        on_time = writer.row(
            [
                (self.env._("Instalments paid on time"), None),
                (plans["on_time_count"], formats.integer),
                (
                    self.env._(
                        "paid in full by their due date plus the plan's grace days"
                    ),
                    formats.note,
                ),
            ]
        )
        pending = writer.row(
            [
                (
                    self.env._(
                        "Instalments not paid yet, still within their grace period"
                    ),
                    None,
                ),
                (plans["pending_count"], formats.integer),
                (self.env._("at the end of the period"), formats.note),
            ]
        )
        writer.row(
            [
                (self.env._("Instalments paid on time (%)"), None),
                formula_cell(
                    f'IF({due}-{pending}>0,{on_time}/({due}-{pending}),"")',
                    plans["on_time_ratio"],
                    formats.percent,
                ),
                (
                    self.env._(
                        "paid on time / (due − still within their grace period)"
                    ),
                    formats.note,
                ),
            ]
        )
        writer.row(
            [
                (self.env._("Payment plans breached over the period"), None),
                (plans["breached_count"], formats.integer),
            ]
        )
        writer.row(
            [
                (self.env._("Balance of the breached plans"), None),
                (plans["breached_amount"], money),
                (
                    self.env._("due at once on the day of the breach"),
                    formats.note,
                ),
            ]
        )
