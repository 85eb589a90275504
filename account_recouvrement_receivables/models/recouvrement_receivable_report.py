"""Rows of the outstanding receivables report, rebuilt from the ledger.

The data half of the XLSX report (``report/receivables_xlsx.py`` lays the rows
out): one query gives every open invoice at a date, read through a server-side
cursor in batches so that large ledgers stay in bounded memory; the aged
buckets and the KPIs are computed by ``lib.aging``.

The residual of an invoice at a date D is the amount of its receivable lines
minus the reconciliations (``account.partial.reconcile``) dated on or before
D: payments made after D are ignored, so a past date gives what the ledger
said that day. The dunning level is the invoice's current one; the dispute
is the one open that day (opened by then, settled after it or not yet), the
insolvency proceedings are the customer's if judged by then, and the payment
plan is the one in force that day (signed by then, closed after it or not
yet), its instalments allocated the payments known that day.
"""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.account_recouvrement_base.lib.identity import siren

from ..lib import aging, receivables_query
from ..lib.receivables_query import RECEIVABLE_MOVE_TYPES

_logger = logging.getLogger(__name__)

REPORT_XMLID = "account_recouvrement_receivables.action_report_receivables_xlsx"
REPORT_NAME = "account_recouvrement_receivables.receivables_xlsx"
DEFAULT_PERIOD_DAYS = 90
FETCH_BATCH = 2000


class RecouvrementReceivableReport(models.AbstractModel):
    _name = "recouvrement.receivable.report"
    _description = "Outstanding Receivables Report"

    # ------------------------------------------------------------------
    # Options
    # ------------------------------------------------------------------

    @api.model
    def _serialize_options(self, options):
        """JSON-friendly options (report actions travel through the browser)."""
        result = dict(options)
        for key in ("date", "date_from", "date_to"):
            if result.get(key):
                result[key] = fields.Date.to_string(fields.Date.to_date(result[key]))
        return result

    @api.model
    def _normalize_options(self, raw):
        """Check the options a user chose and fill the defaults.

        :param raw: dict with ``date``, ``date_from``, ``date_to`` (dates or
            strings), ``company_id`` and optional ``partner_ids``,
            ``user_ids``, ``level_ids``, ``move_ids``
        :return: dict with dates, the company record and lists of ids
        """
        today = fields.Date.context_today(self)
        on = fields.Date.to_date(raw.get("date")) or today
        date_to = fields.Date.to_date(raw.get("date_to")) or on
        date_from = fields.Date.to_date(raw.get("date_from")) or (
            date_to - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        )
        for day in (on, date_to):
            if day > today:
                raise UserError(
                    self.env._(
                        "The date %(date)s is in the future: the receivables can "
                        "only be reported up to today.",
                        date=fields.Date.to_string(day),
                    )
                )
        if date_from > date_to:
            raise UserError(self.env._("The period starts after it ends."))
        company = self.env["res.company"].browse(
            raw.get("company_id") or self.env.company.id
        )
        if not company.exists():
            raise UserError(self.env._("Choose a company."))
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You have no access to the company %(company)s.",
                    company=company.name,
                )
            )
        partners = self.env["res.partner"].browse(raw.get("partner_ids") or [])
        return {
            "date": on,
            "date_from": date_from,
            "date_to": date_to,
            "company": company,
            "partner_ids": partners.commercial_partner_id.ids,
            "user_ids": list(raw.get("user_ids") or []),
            "level_ids": list(raw.get("level_ids") or []),
            "move_ids": list(raw.get("move_ids") or []),
        }

    @api.model
    def _options_from_moves(self, moves):
        """Options of the report printed on selected invoices (today)."""
        invoices = moves.filtered(
            lambda move: (
                move.state == "posted" and move.move_type in RECEIVABLE_MOVE_TYPES
            )
        )
        if not invoices:
            raise UserError(
                self.env._(
                    "Select at least one posted customer invoice or credit note."
                )
            )
        if len(invoices.company_id) > 1:
            raise UserError(self.env._("Select the invoices of one company at a time."))
        return {
            "date": fields.Date.context_today(self),
            "company_id": invoices.company_id.id,
            "move_ids": invoices.ids,
        }

    @api.model
    def _describe_options(self, opts):
        """Pairs (label, text) describing the filters, for the summary sheet,
        in the language of the environment."""
        lines = []
        if opts["partner_ids"]:
            partners = self.env["res.partner"].browse(opts["partner_ids"])
            lines.append(
                (self.env._("Customers"), ", ".join(partners.mapped("display_name")))
            )
        if opts["user_ids"]:
            users = self.env["res.users"].browse(opts["user_ids"])
            lines.append((self.env._("Salespeople"), ", ".join(users.mapped("name"))))
        if opts["level_ids"]:
            levels = self.env["recouvrement.level"].browse(opts["level_ids"])
            lines.append(
                (self.env._("Dunning levels"), ", ".join(levels.mapped("name")))
            )
        if opts["move_ids"]:
            lines.append((self.env._("Selected invoices"), str(len(opts["move_ids"]))))
        return lines

    # ------------------------------------------------------------------
    # SQL (composed by lib.receivables_query)
    # ------------------------------------------------------------------

    def _scope_sql(self, opts, at):
        return receivables_query.scope_sql(
            opts["company"].id,
            at,
            partner_ids=opts["partner_ids"],
            user_ids=opts["user_ids"],
            level_ids=opts["level_ids"],
            move_ids=opts["move_ids"],
        )

    def _open_lines_cte(self, opts, at):
        return receivables_query.open_lines_cte(
            self._scope_sql(opts, at), at, opts["company"].currency_id.rounding
        )

    # ------------------------------------------------------------------
    # Rows
    # ------------------------------------------------------------------

    def _check_report_access(self):
        self.env["account.move"].check_access("read")

    @api.model
    def _iter_rows(self, opts):
        """Yield one dict per invoice open at ``opts["date"]``, sorted by
        customer, through a server-side cursor (``FETCH_BATCH`` rows at a
        time). Buckets and residuals are in company currency, ``residual``
        and ``amount_total`` in the invoice's currency."""
        self._check_report_access()
        self.env.flush_all()
        cr = self.env.cr
        cursor_name = f"recouvrement_receivables_{id(opts)}"
        cr.execute(
            SQL(
                "DECLARE %s NO SCROLL CURSOR FOR %s",
                SQL.identifier(cursor_name),
                receivables_query.rows_sql(
                    self._open_lines_cte(opts, opts["date"]),
                    opts["date"],
                    lang=self.env.lang,
                ),
            )
        )
        try:
            while True:
                cr.execute(
                    SQL("FETCH %s FROM %s", FETCH_BATCH, SQL.identifier(cursor_name))
                )
                batch = cr.fetchall()
                if not batch:
                    break
                for values in batch:
                    yield self._make_row(
                        opts,
                        dict(zip(receivables_query.ROW_COLUMNS, values, strict=True)),
                    )
        finally:
            cr.execute(SQL("CLOSE %s", SQL.identifier(cursor_name)))

    @api.model
    def _make_row(self, opts, row):
        on = opts["date"]
        due = row.pop("due_dates")
        amounts = row.pop("line_residuals")
        row["date_due"] = due[0]
        row["days_late"] = aging.days_late(due[0], on)
        row["buckets"] = aging.split_by_bucket(zip(due, amounts, strict=True), on)
        row["siren"] = siren(row["company_registry"])
        row["dispute"] = self._dispute_text(row)
        row["recovery_stage"] = "; ".join(
            text
            for text in (
                self._recovery_stage_text(
                    row["insolvency_state"], row["insolvency_date"]
                ),
                self._case_text(row),
            )
            if text
        )
        row["payment_plan"] = self._plan_text(row)
        row["factoring"] = self._factoring_text(row, on)
        return row

    def _factoring_text(self, row, on):
        """The factoring batch of an invoice at the position date: to be
        transferred, transferred, or returned by the factor."""
        batch = row.pop("factor_batch_name")
        state = row.pop("factor_batch_state")
        batch_date = row.pop("factor_batch_date")
        factor = row.pop("factor_name")
        returned = row.pop("factor_return_date")
        if not batch:
            return ""
        if returned and returned <= on:
            return self.env._(
                "%(batch)s — returned by %(factor)s on %(date)s",
                batch=batch,
                factor=factor,
                date=format_date(self.env, returned),
            )
        if state == "accounted" and batch_date <= on:
            return self.env._(
                "%(batch)s — transferred to %(factor)s on %(date)s",
                batch=batch,
                factor=factor,
                date=format_date(self.env, batch_date),
            )
        return self.env._(
            "%(batch)s — to be transferred to %(factor)s",
            batch=batch,
            factor=factor,
        )

    def _plan_text(self, row):
        """The payment plan covering an invoice at the position date, its
        next instalment and those overdue, as the workbook shows them."""
        if not row["plan_name"]:
            return ""
        currency = self.env["res.currency"].browse(row["plan_currency_id"])
        values = {"plan": row["plan_name"], "count": row["plan_overdue_count"]}
        if row["plan_next_date"]:
            values["amount"] = currency.format(row["plan_next_amount"])
            values["date"] = format_date(self.env, row["plan_next_date"])
        if row["plan_overdue_count"]:
            values["overdue"] = currency.format(row["plan_overdue_amount"])
        match (bool(row["plan_next_date"]), row["plan_overdue_count"]):
            case (True, 0):
                return self.env._(
                    "%(plan)s — next instalment %(amount)s on %(date)s", **values
                )
            case (True, 1):
                return self.env._(
                    "%(plan)s — next instalment %(amount)s on %(date)s; 1 "
                    "instalment overdue (%(overdue)s)",
                    **values,
                )
            case (True, _):
                return self.env._(
                    "%(plan)s — next instalment %(amount)s on %(date)s; "
                    "%(count)s instalments overdue (%(overdue)s)",
                    **values,
                )
            case (False, 0):
                return self.env._("%(plan)s — every instalment paid", **values)
            case (False, 1):
                return self.env._(
                    "%(plan)s — no instalment left to fall due; 1 instalment "
                    "overdue (%(overdue)s)",
                    **values,
                )
        return self.env._(
            "%(plan)s — no instalment left to fall due; %(count)s instalments "
            "overdue (%(overdue)s)",
            **values,
        )

    def _dispute_text(self, row):
        """The dispute open on an invoice, as the workbook shows it."""
        if not row["dispute_name"]:
            return ""
        return self.env._(
            "%(dispute)s — %(reason)s, followed by %(owner)s (deadline %(deadline)s)",
            dispute=row["dispute_name"],
            reason=row["dispute_reason"],
            owner=row["dispute_owner"],
            deadline=format_date(self.env, row["dispute_deadline"]),
        )

    def _case_text(self, row):
        """The litigation case open on an invoice, as the workbook shows it."""
        if not row["case_name"]:
            return ""
        return self.env._(
            "Litigation %(case)s — %(stage)s",
            case=row["case_name"],
            stage=row["case_stage"] or "",
        )

    def _recovery_stage_text(self, insolvency_state, judgement_date):
        """The customer's insolvency proceedings (``None``: none), as the
        workbook shows them."""
        if not insolvency_state:
            return ""
        day = format_date(self.env, judgement_date)
        if insolvency_state == "safeguard":
            return self.env._("Safeguard since %(date)s", date=day)
        if insolvency_state == "receivership":
            return self.env._("Receivership since %(date)s", date=day)
        return self.env._("Liquidation since %(date)s", date=day)

    @api.model
    def _get_rows(self, options):
        """All the rows as a list (tests, small exports)."""
        return list(self._iter_rows(self._normalize_options(options)))

    # ------------------------------------------------------------------
    # KPIs
    # ------------------------------------------------------------------

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

    @api.model
    def _level_names(self, opts):
        levels = (
            self.env["recouvrement.level"]
            .with_context(active_test=False)
            .search([("company_id", "=", opts["company"].id)])
        )
        return {level.id: level.display_name for level in levels}

    # ------------------------------------------------------------------
    # Workbook and weekly email
    # ------------------------------------------------------------------

    @api.model
    def _render_workbook(self, options):
        """The XLSX workbook (bytes) of the receivables for ``options``."""
        report = self.env["report.account_recouvrement_receivables.receivables_xlsx"]
        data = {"receivables_options": self._serialize_options(options)}
        content, _kind = report.with_context(
            active_model="account.move"
        ).create_xlsx_report([], data)
        return content

    @api.model
    def _weekly_recipients(self, company=None):
        """The dunning managers who can receive the weekly email (of
        ``company``, or of any company)."""
        group = self.env.ref("account_recouvrement_base.group_recouvrement_manager")
        return group.sudo().all_user_ids.filtered(
            lambda user: (
                user.active
                and not user.share
                and user.email
                and (company is None or company in user.company_ids)
                and not user._is_superuser()
            )
        )

    @api.model
    def _cron_send_weekly(self):
        """Email the outstanding receivables workbook to the dunning managers
        of each company that has open receivables."""
        companies = self._weekly_recipients().company_ids
        self.env["ir.cron"]._commit_progress(remaining=len(companies))
        for company in companies:
            self._send_weekly(company)
            self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _send_weekly(self, company):
        report = self.sudo().with_company(company)
        users = report._weekly_recipients(company)
        if not users:
            return self.env["mail.mail"]
        options = {"date": fields.Date.context_today(report), "company_id": company.id}
        opts = report._normalize_options(options)
        if not report._get_totals_at(opts, opts["date"])["total"]:
            return self.env["mail.mail"]
        date_str = fields.Date.to_string(opts["date"])
        mails = report.env["mail.mail"]
        for lang in sorted({user.lang or "en_US" for user in users}):
            recipients = users.filtered(
                lambda user, lang=lang: (user.lang or "en_US") == lang
            )
            # the workbook is written in the recipients' language
            report_lang = report.with_context(lang=lang)
            env = report_lang.env
            attachment = report.env["ir.attachment"].create(
                {
                    "name": env._(
                        "receivables-%(company)s-%(date)s.xlsx",
                        company=company.name,
                        date=date_str,
                    ),
                    "raw": report_lang._render_workbook(options),
                    "mimetype": (
                        "application/vnd.openxmlformats-officedocument"
                        ".spreadsheetml.sheet"
                    ),
                }
            )
            mails |= report.env["mail.mail"].create(
                {
                    "subject": env._(
                        "Outstanding receivables of %(company)s on %(date)s",
                        company=company.name,
                        date=date_str,
                    ),
                    "body_html": Markup("<p>%s</p>")
                    % env._(
                        "Please find attached the outstanding receivables and the "
                        "collection indicators."
                    ),
                    "email_from": company.email_formatted
                    or report.env.user.email_formatted,
                    "recipient_ids": [(6, 0, recipients.partner_id.ids)],
                    "attachment_ids": [(4, attachment.id)],
                    "auto_delete": True,
                }
            )
        _logger.info(
            "Weekly receivables of %s emailed to %d managers", company.name, len(users)
        )
        return mails
