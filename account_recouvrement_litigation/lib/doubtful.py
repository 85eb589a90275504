"""Doubtful receivables (Plan comptable général): the provision of a
receivable in litigation.

Plain functions: the models call them, the tests check them without a
database. Amounts are computed in decimals and rounded half up once.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from odoo.tools import SQL


def valid_rate(rate):
    """The provision rate as a float between 0 and 100, else None."""
    if isinstance(rate, bool):
        return None
    try:
        value = float(rate)
    except (TypeError, ValueError):
        return None
    if math.isnan(value) or not 0.0 <= value <= 100.0:
        return None
    return value


def provision_target(residual, untaxed, total, rate, digits=2):
    """The provision of a doubtful receivable: what remains owed excl. VAT
    — the residual incl. VAT × untaxed / total of the invoice; the VAT is not
    impaired since it is recovered at the write-off (CGI art. 272) — × rate
    / 100, rounded half up to ``digits`` decimals."""
    if not total:
        return 0.0
    amount = (
        Decimal(str(residual))
        * Decimal(str(untaxed))
        / Decimal(str(total))
        * Decimal(str(rate))
        / 100
    )
    return float(amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def open_doubtful_sql(invoice="am", line="aml", *, at=None):
    """SQL condition: ``line`` is the 416 line of the invoice ``invoice``
    transferred to doubtful receivables, still open: the claim the invoice
    goes on carrying once its 411 line is settled by the transfer. With
    ``at``: accounted by then and open on that day."""
    line_sql = SQL.identifier(line)
    condition = SQL(
        "(%(line)s.id = %(invoice)s.recouvrement_doubtful_line_id "
        "AND %(line)s.parent_state = 'posted')",
        line=line_sql,
        invoice=SQL.identifier(invoice),
    )
    if at is None:
        return SQL("(%s AND NOT %s.reconciled)", condition, line_sql)
    return SQL(
        """(%(condition)s AND %(line)s.date <= %(at)s
            AND (NOT %(line)s.reconciled
                 OR EXISTS (SELECT 1
                              FROM account_partial_reconcile apr_open
                             WHERE (apr_open.debit_move_id = %(line)s.id
                                    OR apr_open.credit_move_id = %(line)s.id)
                               AND apr_open.max_date > %(at)s)))""",
        condition=condition,
        line=line_sql,
        at=at,
    )
