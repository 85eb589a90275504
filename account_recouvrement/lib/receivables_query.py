"""SQL of the outstanding receivables report (``recouvrement.receivable.report``).

Pure composition of ``odoo.tools.SQL`` (no database access): the model runs
these queries, ``lib.aging`` computes the buckets and the KPIs from their rows.

The residual of an invoice at a date D is the amount of its receivable lines
minus the reconciliations (``account.partial.reconcile``) dated on or before
D: payments made after D are ignored, so a past date gives what the ledger
said that day.
"""

import re

from odoo.tools import SQL

from .receivable import (
    amount_is_not_zero_sql,
    open_receivable_sql,
    receivable_account_sql,
)

RECEIVABLE_MOVE_TYPES = ("out_invoice", "out_refund")

# the columns of ``rows_sql``, in order
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


def scope_sql(company_id, at, partner_ids=(), user_ids=(), level_ids=(), move_ids=()):
    """Receivable lines (alias ``aml``, move ``am``, account ``aa``) of posted
    customer invoices and credit notes of the company, accounted on or before
    ``at``, within the filters (empty: no filter)."""
    conditions = [
        SQL("am.move_type IN %s", RECEIVABLE_MOVE_TYPES),
        SQL("am.company_id = %s", company_id),
        SQL("am.date <= %s", at),
    ]
    if partner_ids:
        conditions.append(SQL("am.commercial_partner_id = ANY(%s)", list(partner_ids)))
    if user_ids:
        conditions.append(SQL("am.invoice_user_id = ANY(%s)", list(user_ids)))
    if level_ids:
        conditions.append(SQL("am.recouvrement_level_id = ANY(%s)", list(level_ids)))
    if move_ids:
        conditions.append(SQL("am.id = ANY(%s)", list(move_ids)))
    return SQL(" AND ").join(conditions)


def _paid_sql(side, at):
    """Reconciled on the ``side`` ("debit" or "credit") of ``aml`` by ``at``."""
    return SQL(
        """LEFT JOIN LATERAL (
               SELECT SUM(p.amount) AS amount,
                      SUM(p.%(amount_currency)s) AS amount_currency
                 FROM account_partial_reconcile p
                WHERE p.%(move_column)s = aml.id
                  AND p.max_date <= %(at)s
           ) %(alias)s ON TRUE""",
        amount_currency=SQL.identifier(f"{side}_amount_currency"),
        move_column=SQL.identifier(f"{side}_move_id"),
        alias=SQL.identifier(f"paid_{side}"),
        at=at,
    )


def open_lines_cte(scope, at, company_rounding):
    """``WITH open_lines AS (...)``: the receivable lines open at ``at`` within
    ``scope``, with their residual then, in company currency
    (``residual_company``) and in the line's currency (``residual_currency``);
    a residual that rounds to zero in both currencies is not open."""
    return SQL(
        """
        WITH all_lines AS (
            SELECT aml.id,
                   aml.move_id,
                   COALESCE(aml.date_maturity, aml.date) AS date_maturity,
                   aml.balance - COALESCE(paid_debit.amount, 0)
                       + COALESCE(paid_credit.amount, 0) AS residual_company,
                   aml.amount_currency - COALESCE(paid_debit.amount_currency, 0)
                       + COALESCE(paid_credit.amount_currency, 0)
                       AS residual_currency,
                   cur.rounding AS currency_rounding
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN account_account aa ON aa.id = aml.account_id
              JOIN res_currency cur ON cur.id = aml.currency_id
              %(paid_debit)s
              %(paid_credit)s
             WHERE %(scope)s
               AND %(open)s
        ),
        open_lines AS (
            SELECT *
              FROM all_lines
             WHERE %(company_not_zero)s
                OR %(currency_not_zero)s
        )
        """,
        paid_debit=_paid_sql("debit", at),
        paid_credit=_paid_sql("credit", at),
        scope=scope,
        open=open_receivable_sql(at=at),
        company_not_zero=amount_is_not_zero_sql(
            SQL("residual_company"), company_rounding
        ),
        currency_not_zero=amount_is_not_zero_sql(
            SQL("residual_currency"), SQL("currency_rounding")
        ),
    )


def rows_sql(cte, at):
    """One row per open invoice (``ROW_COLUMNS``), sorted by customer."""
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
        cte=cte,
        at=at,
    )


def totals_sql(cte, at):
    """The total and the overdue part of the open lines at ``at``."""
    return SQL(
        """
        %(cte)s
        SELECT COALESCE(SUM(residual_company), 0),
               COALESCE(SUM(residual_company)
                        FILTER (WHERE date_maturity < %(at)s), 0)
          FROM open_lines
        """,
        cte=cte,
        at=at,
    )


def sales_sql(scope, date_from):
    """Receivable amounts accounted from ``date_from`` within ``scope``
    (the sales incl. VAT, credit notes deducted; charges invoices left out)."""
    return SQL(
        """
        SELECT COALESCE(SUM(aml.balance), 0)
          FROM account_move_line aml
          JOIN account_move am ON am.id = aml.move_id
          JOIN account_account aa ON aa.id = aml.account_id
         WHERE %(scope)s
           AND %(posted_receivable)s
           AND am.date >= %(date_from)s
           -- late-payment charges are not sales
           AND NOT COALESCE(am.recouvrement_is_charge, FALSE)
        """,
        scope=scope,
        posted_receivable=SQL("am.state = 'posted' AND %s", receivable_account_sql()),
        date_from=date_from,
    )


def collected_sql(scope, date_from, date_to):
    """Amounts collected from ``date_from`` to ``date_to`` on the receivable
    lines of ``scope``: the reconciliations with a payment or a bank
    statement (bank and cash journals), in company currency. Credit notes and
    write-offs settle a receivable without collecting it: they are left out."""
    return SQL(
        """
        SELECT COALESCE(SUM(apr.amount), 0)
          FROM account_partial_reconcile apr
          JOIN account_move_line aml ON aml.id = apr.debit_move_id
          JOIN account_move am ON am.id = aml.move_id
          JOIN account_account aa ON aa.id = aml.account_id
          JOIN account_move_line payment ON payment.id = apr.credit_move_id
          JOIN account_journal journal ON journal.id = payment.journal_id
         WHERE %(scope)s
           AND am.state = 'posted'
           AND %(receivable)s
           AND apr.max_date BETWEEN %(date_from)s AND %(date_to)s
           AND journal.type IN ('bank', 'cash')
        """,
        scope=scope,
        receivable=receivable_account_sql(),
        date_from=date_from,
        date_to=date_to,
    )


def siren(company_registry):
    """The SIREN (9 digits) of a French company registry number (SIRET or
    SIREN); other values are returned as they are."""
    if not company_registry:
        return ""
    digits = re.sub(r"\s", "", company_registry)
    if re.fullmatch(r"\d{9}|\d{14}", digits):
        return digits[:9]
    return company_registry
