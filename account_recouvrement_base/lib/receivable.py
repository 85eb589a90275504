"""What an open receivable is, as SQL: the one definition the queries share.

A journal item is an open receivable when its journal entry is posted, its
account is of type receivable and it is not fully reconciled. The functions
only compose ``odoo.tools.SQL`` (no database access), so that every query
(dunning run, communication lines, charges, receivables report and analysis)
states the rule the same way.
"""

from odoo.tools import SQL

RECEIVABLE_ACCOUNT_TYPE = "asset_receivable"


def receivable_account_sql(account="aa"):
    """``account`` (alias of ``account_account``) is a receivable account."""
    return SQL("%s.account_type = %s", SQL.identifier(account), RECEIVABLE_ACCOUNT_TYPE)


def open_receivable_sql(move="am", line="aml", account="aa", *, at=None):
    """SQL condition: the journal item ``line`` (alias of ``account_move_line``)
    of the entry ``move`` (``account_move``) on ``account`` (``account_account``)
    is an open receivable.

    :param at: a date: open on that day (the reconciliations dated after it
        are ignored, so an item paid later counts as open), instead of now.
        The caller keeps only the entries accounted on or before that day.
    """
    move_sql, line_sql = SQL.identifier(move), SQL.identifier(line)
    if at is None:
        still_open = SQL("NOT %s.reconciled", line_sql)
    else:
        still_open = SQL(
            """(NOT %(line)s.reconciled
                OR EXISTS (SELECT 1
                             FROM account_partial_reconcile apr_open
                            WHERE (apr_open.debit_move_id = %(line)s.id
                                   OR apr_open.credit_move_id = %(line)s.id)
                              AND apr_open.max_date > %(at)s))""",
            line=line_sql,
            at=at,
        )
    return SQL(
        "(%s.state = 'posted' AND %s AND %s)",
        move_sql,
        receivable_account_sql(account),
        still_open,
    )


def open_credit_sql(move="am", line="aml", account="aa"):
    """SQL condition: the journal item ``line`` is an open credit of the
    customer, to deduct from what a reminder claims: an open receivable whose
    open amount, in its currency, is a credit (a credit note or a payment not
    yet allocated to an invoice, or any other credit on the account)."""
    return SQL(
        "(%s AND %s.amount_residual_currency < 0)",
        open_receivable_sql(move, line, account),
        SQL.identifier(line),
    )


def amount_is_not_zero_sql(amount, rounding):
    """SQL twin of ``not res.currency.is_zero(amount)``: ``amount`` rounds to a
    non-zero multiple of ``rounding`` (half a unit or more). Both arguments
    are SQL expressions or values."""
    return SQL("ABS(%s) >= %s / 2.0", amount, rounding)
