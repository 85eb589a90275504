"""Rows of the outstanding receivables report, rebuilt from the ledger.

The data half of the XLSX report (``report/receivables_xlsx.py`` lays the rows
out): one query gives every open invoice at a date, read through a server-side
cursor in batches so that large ledgers stay in bounded memory; the aged
buckets and the KPIs are computed by ``lib.aging``.

The residual of an invoice at a date D is the amount of its receivable lines
minus the reconciliations (``account.partial.reconcile``) dated on or before
D: payments made after D are ignored, so a past date gives what the ledger
said that day. The dunning level is the invoice's current one.
"""

import logging
import re
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..lib import aging

_logger = logging.getLogger(__name__)

REPORT_XMLID = "account_recouvrement.action_report_receivables_xlsx"
REPORT_NAME = "account_recouvrement.receivables_xlsx"
DEFAULT_PERIOD_DAYS = 90
FETCH_BATCH = 2000
RECEIVABLE_MOVE_TYPES = ("out_invoice", "out_refund")
ROW_COLUMNS = (
    "move_id",
    "move_name",
    "move_type",
    "invoice_date",
    "currency_id",
    "amount_total",
    "level_id",
    "user_id",
    "partner_id",
    "partner_name",
    "vat",
    "company_registry",
    "due_dates",
    "line_residuals",
    "residual",
    "residual_company",
    "last_reminder_date",
)


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
                        "only be reported up to today. / La date %(date)s est dans "
                        "le futur : les créances ne peuvent être présentées que "
                        "jusqu'à aujourd'hui.",
                        date=fields.Date.to_string(day),
                    )
                )
        if date_from > date_to:
            raise UserError(
                self.env._(
                    "The period starts after it ends. / "
                    "La période commence après sa fin."
                )
            )
        company = self.env["res.company"].browse(
            raw.get("company_id") or self.env.company.id
        )
        if not company.exists():
            raise UserError(self.env._("Choose a company. / Choisissez une société."))
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You have no access to the company %(company)s. / "
                    "Vous n'avez pas accès à la société %(company)s.",
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
                    "Select at least one posted customer invoice or credit note. / "
                    "Sélectionnez au moins une facture ou un avoir client comptabilisé."
                )
            )
        if len(invoices.company_id) > 1:
            raise UserError(
                self.env._(
                    "Select the invoices of one company at a time. / "
                    "Sélectionnez les factures d'une seule société à la fois."
                )
            )
        return {
            "date": fields.Date.context_today(self),
            "company_id": invoices.company_id.id,
            "move_ids": invoices.ids,
        }

    @api.model
    def _describe_options(self, opts):
        """Pairs (label, text) describing the filters, for the summary sheet."""
        lines = []
        if opts["partner_ids"]:
            partners = self.env["res.partner"].browse(opts["partner_ids"])
            lines.append(("Clients", ", ".join(partners.mapped("display_name"))))
        if opts["user_ids"]:
            users = self.env["res.users"].browse(opts["user_ids"])
            lines.append(("Commerciaux", ", ".join(users.mapped("name"))))
        if opts["level_ids"]:
            levels = self.env["recouvrement.level"].browse(opts["level_ids"])
            lines.append(("Niveaux de relance", ", ".join(levels.mapped("name"))))
        if opts["move_ids"]:
            lines.append(("Factures sélectionnées", str(len(opts["move_ids"]))))
        return lines

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------

    def _scope_sql(self, opts, at):
        """Receivable lines of posted customer invoices and credit notes of
        the company, accounted on or before ``at``, within the filters."""
        conditions = [
            SQL("am.state = 'posted'"),
            SQL("am.move_type IN %s", RECEIVABLE_MOVE_TYPES),
            SQL("am.company_id = %s", opts["company"].id),
            SQL("am.date <= %s", at),
            SQL("aa.account_type = 'asset_receivable'"),
        ]
        if opts["partner_ids"]:
            conditions.append(
                SQL("am.commercial_partner_id = ANY(%s)", opts["partner_ids"])
            )
        if opts["user_ids"]:
            conditions.append(SQL("am.invoice_user_id = ANY(%s)", opts["user_ids"]))
        if opts["level_ids"]:
            conditions.append(
                SQL("am.recouvrement_level_id = ANY(%s)", opts["level_ids"])
            )
        if opts["move_ids"]:
            conditions.append(SQL("am.id = ANY(%s)", opts["move_ids"]))
        return SQL(" AND ").join(conditions)

    def _open_lines_sql(self, opts, at):
        """Receivable lines still open at ``at``, with their residual then, in
        company currency and in the line's currency."""
        half_unit = opts["company"].currency_id.rounding / 2
        return SQL(
            """
            SELECT aml.id,
                   aml.move_id,
                   COALESCE(aml.date_maturity, aml.date) AS date_maturity,
                   aml.balance - COALESCE(pd.amount, 0) + COALESCE(pc.amount, 0)
                       AS residual_company,
                   aml.amount_currency - COALESCE(pd.amount_currency, 0)
                       + COALESCE(pc.amount_currency, 0) AS residual_currency,
                   cur.rounding AS currency_rounding
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN account_account aa ON aa.id = aml.account_id
              JOIN res_currency cur ON cur.id = aml.currency_id
              LEFT JOIN LATERAL (
                   SELECT SUM(p.amount) AS amount,
                          SUM(p.debit_amount_currency) AS amount_currency
                     FROM account_partial_reconcile p
                    WHERE p.debit_move_id = aml.id
                      AND p.max_date <= %(at)s
              ) pd ON TRUE
              LEFT JOIN LATERAL (
                   SELECT SUM(p.amount) AS amount,
                          SUM(p.credit_amount_currency) AS amount_currency
                     FROM account_partial_reconcile p
                    WHERE p.credit_move_id = aml.id
                      AND p.max_date <= %(at)s
              ) pc ON TRUE
             WHERE %(scope)s
               AND (NOT aml.reconciled
                    OR EXISTS (SELECT 1
                                 FROM account_partial_reconcile p
                                WHERE (p.debit_move_id = aml.id
                                       OR p.credit_move_id = aml.id)
                                  AND p.max_date > %(at)s))
            """,
            at=at,
            scope=self._scope_sql(opts, at),
        ), half_unit

    def _open_lines_cte(self, opts, at):
        lines, half_unit = self._open_lines_sql(opts, at)
        return SQL(
            """
            WITH all_lines AS (%(lines)s),
                 open_lines AS (
                     SELECT *
                       FROM all_lines
                      WHERE ABS(residual_company) >= %(half_unit)s
                         OR ABS(residual_currency) >= currency_rounding / 2
                 )
            """,
            lines=lines,
            half_unit=half_unit,
        )

    def _rows_sql(self, opts):
        at = opts["date"]
        return SQL(
            """
            %(cte)s
            SELECT am.id,
                   am.name,
                   am.move_type,
                   am.invoice_date,
                   am.currency_id,
                   am.amount_total_in_currency_signed,
                   am.recouvrement_level_id,
                   am.invoice_user_id,
                   rp.id,
                   rp.name,
                   rp.vat,
                   rp.company_registry,
                   ARRAY_AGG(ol.date_maturity ORDER BY ol.date_maturity, ol.id),
                   ARRAY_AGG(ol.residual_company::float8
                             ORDER BY ol.date_maturity, ol.id),
                   SUM(ol.residual_currency),
                   SUM(ol.residual_company),
                   last.date
              FROM open_lines ol
              JOIN account_move am ON am.id = ol.move_id
              JOIN res_partner rp ON rp.id = am.commercial_partner_id
              LEFT JOIN LATERAL (
                   SELECT MAX(rcl.date) AS date
                     FROM recouvrement_communication_line rcl
                    WHERE rcl.move_id = am.id
                      AND rcl.state = 'sent'
                      AND rcl.date <= %(at)s
              ) last ON TRUE
             GROUP BY am.id, rp.id, last.date
             ORDER BY rp.name, rp.id, MIN(ol.date_maturity), am.name, am.id
            """,
            cte=self._open_lines_cte(opts, at),
            at=at,
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
                self._rows_sql(opts),
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
                        opts, dict(zip(ROW_COLUMNS, values, strict=True))
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
        # features still to come: present as empty columns
        row.update(dispute="", payment_plan="", factoring="", recovery_stage="")
        return row

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
            SQL(
                """
                %(cte)s
                SELECT COALESCE(SUM(residual_company), 0),
                       COALESCE(SUM(residual_company)
                                FILTER (WHERE date_maturity < %(at)s), 0)
                  FROM open_lines
                """,
                cte=self._open_lines_cte(opts, at),
                at=at,
            )
        )
        total, overdue = self.env.cr.fetchone()
        return {"total": total, "overdue": overdue, "current": total - overdue}

    @api.model
    def _get_sales(self, opts, date_from, date_to):
        """Sales incl. VAT accounted in the period (credit notes deducted)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(SUM(aml.balance), 0)
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN account_account aa ON aa.id = aml.account_id
                 WHERE %(scope)s
                   AND am.date >= %(date_from)s
                """,
                scope=self._scope_sql(opts, date_to),
                date_from=date_from,
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
        collected = aging.collected(opening["total"], sales, closing["total"])
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
        report = self.env["report.account_recouvrement.receivables_xlsx"]
        data = {"receivables_options": self._serialize_options(options)}
        content, _kind = report.with_context(
            active_model="account.move"
        ).create_xlsx_report([], data)
        return content

    @api.model
    def _weekly_recipients(self, company=None):
        """The dunning managers who can receive the weekly email (of
        ``company``, or of any company)."""
        group = self.env.ref("account_recouvrement.group_recouvrement_manager")
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
        content = report._render_workbook(options)
        date_str = fields.Date.to_string(opts["date"])
        attachment = report.env["ir.attachment"].create(
            {
                "name": f"creances-{company.name}-{date_str}.xlsx",
                "raw": content,
                "mimetype": (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                ),
            }
        )
        mails = report.env["mail.mail"]
        for lang in sorted({user.lang or "en_US" for user in users}):
            recipients = users.filtered(
                lambda user, lang=lang: (user.lang or "en_US") == lang
            )
            env = report.with_context(lang=lang).env
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


def siren(company_registry):
    """The SIREN (9 digits) of a French company registry number (SIRET or
    SIREN); other values are returned as they are."""
    if not company_registry:
        return ""
    digits = re.sub(r"\s", "", company_registry)
    if re.fullmatch(r"\d{9}|\d{14}", digits):
        return digits[:9]
    return company_registry
