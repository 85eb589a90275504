# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Collection KPIs of the outstanding receivables report.

The indicators of the workbook's summary sheet and of the export wizard, each
read with a few aggregate queries (composed by ``lib.receivables_query``) over
the same scope as the report's rows, whatever the size of the ledger, and
computed by ``lib.aging``: receivables at a date and over a period (DSO,
recovery rate, CEI), disputes and insolvency, payment plans, litigation and
the doubtful receivables in the books.
"""

from datetime import timedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import aging, receivables_query


class RecouvrementReceivableKpi(models.AbstractModel):
    """The collection KPIs of the receivables in scope of the report's
    options, in company currency. Part of ``recouvrement.receivable.report``,
    whose scope (``_scope_sql``, ``_open_lines_cte``) and access check
    (``_check_report_access``) they use, so that the KPIs and the rows
    always cover the same invoices."""

    _name = "recouvrement.receivable.kpi"
    _description = "Outstanding Receivables Report: KPIs"

    @api.model
    def _get_totals_at(self, opts, at):
        """Receivables at ``at`` (company currency): total, overdue, current."""
        self._check_report_access()
        self.env.flush_all()
        self.env.cr.execute(
            receivables_query.totals_sql(self._open_lines_cte(opts, at), at)
        )
        total, overdue = self.env.cr.fetchone()
        return {"total": total, "overdue": overdue, "current": total - overdue}

    @api.model
    def _get_sales(self, opts, date_from, date_to):
        """Sales incl. VAT accounted in the period (credit notes deducted)."""
        self.env.cr.execute(
            receivables_query.sales_sql(self._scope_sql(opts, date_to), date_from)
        )
        return self.env.cr.fetchone()[0]

    def _count_term_over_cap(self, opts):
        """Invoices of the period to professionals whose payment term is over
        the legal cap (C. com. L441-10 I)."""
        domain = [
            ("company_id", "=", opts["company"].id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("invoice_date", ">=", opts["date_from"]),
            ("invoice_date", "<=", opts["date_to"]),
            ("recouvrement_term_over_cap", "=", True),
        ]
        if opts["partner_ids"]:
            domain.append(("commercial_partner_id", "in", opts["partner_ids"]))
        if opts["move_ids"]:
            domain.append(("id", "in", opts["move_ids"]))
        return self.env["account.move"].search_count(domain)

    def _get_collected(self, opts, date_from, date_to):
        """Payments received in the period on the receivables in scope."""
        self.env.cr.execute(
            receivables_query.collected_sql(
                self._scope_sql(opts, date_to), date_from, date_to
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _get_kpis(self, opts):
        """The collection KPIs: at ``opts["date"]`` and over the period
        ``date_from``..``date_to``; amounts in company currency."""
        currency = opts["company"].currency_id
        at_date = self._get_totals_at(opts, opts["date"])
        opening = self._get_totals_at(opts, opts["date_from"] - timedelta(days=1))
        closing = (
            at_date
            if opts["date_to"] == opts["date"]
            else self._get_totals_at(opts, opts["date_to"])
        )
        sales = self._get_sales(opts, opts["date_from"], opts["date_to"])
        days = aging.period_days(opts["date_from"], opts["date_to"])
        collected = self._get_collected(opts, opts["date_from"], opts["date_to"])
        kpis = {
            "total": at_date["total"],
            "overdue": at_date["overdue"],
            "current": at_date["current"],
            "overdue_ratio": aging.overdue_ratio(at_date["overdue"], at_date["total"]),
            "days": days,
            "opening": opening["total"],
            "sales": sales,
            "closing": closing["total"],
            "closing_current": closing["current"],
            "collected": collected,
            "dso": aging.dso(closing["total"], sales, days),
            "recovery_rate": aging.recovery_rate(collected, opening["total"] + sales),
            "cei": aging.cei(
                opening["total"], sales, closing["total"], closing["current"]
            ),
        }
        kpis["term_over_cap"] = self._count_term_over_cap(opts)
        for key in (
            "total",
            "overdue",
            "current",
            "opening",
            "sales",
            "closing",
            "closing_current",
            "collected",
        ):
            kpis[key] = currency.round(kpis[key])
        return kpis

    @api.model
    def _get_dispute_kpis(self, opts):
        """Disputes and insolvency, in company currency: the disputes open at
        ``opts["date"]`` (in total, past their deadline then, and per
        reason), those settled over the KPI period, and the receivables of
        the customers under insolvency proceedings at ``opts["date"]``.
        Three queries, whatever the number of disputes."""
        self._check_report_access()
        self.env.flush_all()
        currency = opts["company"].currency_id
        on = opts["date"]
        cr = self.env.cr
        cr.execute(
            receivables_query.disputes_by_reason_sql(
                self._scope_sql(opts, on), on, lang=self.env.lang
            )
        )
        by_reason = [
            {
                "reason_id": reason_id,
                "reason": name,
                "count": count,
                "amount": currency.round(amount),
                "overdue_count": overdue_count,
                "overdue_amount": currency.round(overdue_amount),
            }
            for reason_id, name, count, amount, overdue_count, overdue_amount in (
                cr.fetchall()
            )
        ]
        cr.execute(
            receivables_query.disputes_settled_sql(
                self._scope_sql(opts, opts["date_to"]),
                opts["date_from"],
                opts["date_to"],
            )
        )
        settled_count, average_days = cr.fetchone()
        cr.execute(receivables_query.insolvency_sql(self._open_lines_cte(opts, on), on))
        insolvency = {
            state: {"residual": currency.round(residual), "count": count}
            for state, residual, count in cr.fetchall()
        }
        return {
            "open_count": sum(item["count"] for item in by_reason),
            "open_amount": currency.round(sum(item["amount"] for item in by_reason)),
            "overdue_count": sum(item["overdue_count"] for item in by_reason),
            "overdue_amount": currency.round(
                sum(item["overdue_amount"] for item in by_reason)
            ),
            "by_reason": by_reason,
            "settled_count": settled_count,
            "average_days_to_resolve": average_days,
            "insolvency": insolvency,
            "insolvent_residual": currency.round(
                sum(item["residual"] for item in insolvency.values())
            ),
            "insolvent_count": sum(item["count"] for item in insolvency.values()),
        }

    @api.model
    def _get_plan_kpis(self, opts):
        """Payment plans, in company currency: those in force at
        ``opts["date"]`` over the invoices in scope (count, and what those
        invoices had left to pay then), the instalments due over the KPI
        period (count, paid in full by their due date plus the plan's grace
        days, still within that grace at the end of the period) with the
        share paid on time, and the plans breached over the period (count,
        and the balance that fell due at once). Three queries, whatever the
        number of plans."""
        self._check_report_access()
        self.env.flush_all()
        currency = opts["company"].currency_id
        on, date_from, date_to = opts["date"], opts["date_from"], opts["date_to"]
        cr = self.env.cr
        cr.execute(
            receivables_query.plans_at_sql(
                self._open_lines_cte(opts, on), self._scope_sql(opts, on), on
            )
        )
        active_count, active_amount = cr.fetchone()
        period_scope = self._scope_sql(opts, date_to)
        cr.execute(
            receivables_query.instalments_due_sql(period_scope, date_from, date_to)
        )
        due_count, on_time_count, pending_count = cr.fetchone()
        cr.execute(
            receivables_query.plans_breached_sql(period_scope, date_from, date_to)
        )
        breached_count, breached_amount = cr.fetchone()
        return {
            "active_count": active_count,
            "active_amount": currency.round(active_amount),
            "due_count": due_count,
            "on_time_count": on_time_count,
            "pending_count": pending_count,
            "on_time_ratio": aging.on_time_ratio(
                on_time_count, due_count, pending_count
            ),
            "breached_count": breached_count,
            "breached_amount": currency.round(breached_amount),
        }

    @api.model
    def _get_case_kpis(self, opts):
        """Litigation, in company currency: the receivables at
        ``opts["date"]`` of the invoices in a case open then, per stage (the
        case's stage today), and in total. One query."""
        self._check_report_access()
        self.env.flush_all()
        currency = opts["company"].currency_id
        on = opts["date"]
        self.env.cr.execute(
            receivables_query.litigation_by_stage_sql(
                self._open_lines_cte(opts, on), on, lang=self.env.lang
            )
        )
        by_stage = [
            {
                "stage_id": stage_id,
                "stage": name or "",
                "amount": currency.round(amount),
                "invoice_count": invoice_count,
                "case_count": case_count,
            }
            for stage_id, name, amount, invoice_count, case_count in (
                self.env.cr.fetchall()
            )
        ]
        return {
            "by_stage": by_stage,
            "amount": currency.round(sum(item["amount"] for item in by_stage)),
            "invoice_count": sum(item["invoice_count"] for item in by_stage),
            "case_count": sum(item["case_count"] for item in by_stage),
        }

    @api.model
    def _get_doubtful_kpis(self, opts):
        """Doubtful receivables in the books, in company currency: the balance
        of the doubtful receivables account (416) and of the provisions (491)
        at ``opts["date"]``, and the receivables written off (654) over the
        period. Read from the posted entries of the module (transfers,
        provisions, payments carried to 416, write-offs). One query."""
        self._check_report_access()
        company = opts["company"]
        accounts = {}
        for kind in ("doubtful", "provision", "write_off", "write_off_previous"):
            try:
                accounts[kind] = company._recouvrement_doubtful_account(kind).ids
            except UserError:
                accounts[kind] = []
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT
                    COALESCE(SUM(aml.balance) FILTER (
                        WHERE aml.account_id = ANY(%(doubtful)s)
                          AND aml.date <= %(on)s), 0),
                    COALESCE(-SUM(aml.balance) FILTER (
                        WHERE aml.account_id = ANY(%(provision)s)
                          AND aml.date <= %(on)s), 0),
                    COALESCE(SUM(aml.balance) FILTER (
                        WHERE aml.account_id = ANY(%(write_off)s)
                          AND move.recouvrement_doubtful_kind = 'write_off'
                          AND aml.date BETWEEN %(date_from)s AND %(date_to)s), 0)
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                 WHERE move.state = 'posted'
                   AND aml.company_id = %(company)s
                   AND (move.recouvrement_doubtful_kind IS NOT NULL
                        OR move.recouvrement_doubtful_origin_id IS NOT NULL)
                """,
                doubtful=accounts["doubtful"],
                provision=accounts["provision"],
                write_off=accounts["write_off"] + accounts["write_off_previous"],
                on=opts["date"],
                date_from=opts["date_from"],
                date_to=opts["date_to"],
                company=company.id,
            )
        )
        doubtful, provisions, written_off = self.env.cr.fetchone()
        currency = company.currency_id
        return {
            "doubtful": currency.round(doubtful),
            "provisions": currency.round(provisions),
            "written_off": currency.round(written_off),
        }
