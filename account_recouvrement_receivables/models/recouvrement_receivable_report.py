"""Rows of the outstanding receivables report, rebuilt from the ledger.

The data half of the XLSX report (``report/receivables_xlsx.py`` lays the rows
out): one query gives every open invoice at a date, read through a server-side
cursor in batches so that large ledgers stay in bounded memory; the aged
buckets are computed by ``lib.aging``. The KPIs over the same scope are in
``recouvrement.receivable.kpi`` and the weekly email of the workbook in
``recouvrement.receivable.weekly``, both inherited here.

The residual of an invoice at a date D is the amount of its receivable lines
minus the reconciliations (``account.partial.reconcile``) dated on or before
D: payments made after D are ignored, so a past date gives what the ledger
said that day. The dunning level is the invoice's current one; the dispute
is the one open that day (opened by then, settled after it or not yet), the
insolvency proceedings are the customer's if judged by then, and the payment
plan is the one in force that day (signed by then, closed after it or not
yet), its instalments allocated the payments known that day.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.account_recouvrement_base.lib.identity import siren

from ..lib import aging, receivables_query
from ..lib.receivables_query import RECEIVABLE_MOVE_TYPES

REPORT_XMLID = "account_recouvrement_receivables.action_report_receivables_xlsx"
REPORT_NAME = "account_recouvrement_receivables.receivables_xlsx"
DEFAULT_PERIOD_DAYS = 90
FETCH_BATCH = 2000


class RecouvrementReceivableReport(models.AbstractModel):
    _name = "recouvrement.receivable.report"
    _inherit = ["recouvrement.receivable.kpi", "recouvrement.receivable.weekly"]
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

    @api.model
    def _level_names(self, opts):
        levels = (
            self.env["recouvrement.level"]
            .with_context(active_test=False)
            .search([("company_id", "=", opts["company"].id)])
        )
        return {level.id: level.display_name for level in levels}

    # ------------------------------------------------------------------
    # Workbook
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
