"""The open-receivable predicate shared by the queries (no database)."""

from datetime import date

from odoo.tools import SQL

from odoo.addons.account_recouvrement_base.lib.receivable import (
    amount_is_not_zero_sql,
    open_credit_sql,
    open_receivable_sql,
)


def test_open_receivable_now():
    condition = open_receivable_sql()
    assert condition.code == (
        """("am".state = 'posted' AND "aa".account_type = %s """
        """AND NOT "aml".reconciled)"""
    )
    assert condition.params == ["asset_receivable"]


def test_open_receivable_aliases():
    code = open_receivable_sql(move="m", line="l", account="a").code
    assert '"m".state' in code
    assert '"a".account_type' in code
    assert 'NOT "l".reconciled' in code


def test_open_receivable_at_a_past_date():
    """Reconciled since then: still open on that day."""
    condition = open_receivable_sql(at=date(2026, 5, 31))
    assert "account_partial_reconcile" in condition.code
    assert "max_date > %s" in condition.code
    assert condition.params == ["asset_receivable", date(2026, 5, 31)]


def test_amount_is_not_zero_is_half_a_unit():
    condition = amount_is_not_zero_sql(SQL("x"), 0.01)
    assert condition.code == "ABS(x) >= %s / 2.0"
    assert condition.params == [0.01]


def test_open_credit_is_an_open_receivable_in_credit():
    condition = open_credit_sql()
    assert condition.code == (
        """(("am".state = 'posted' AND "aa".account_type = %s """
        """AND NOT "aml".reconciled) AND "aml".amount_residual_currency < 0)"""
    )
    assert condition.params == ["asset_receivable"]
