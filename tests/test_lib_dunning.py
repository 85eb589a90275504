"""Level selection of the dunning run (plain functions, no database)."""

from datetime import date

from odoo.addons.account_recouvrement_base.lib.dunning import (
    LevelSpec,
    next_level,
    next_reminder_date,
    payment_term_cap,
)

COURTESY = LevelSpec(1, 1, -3, 0)
FIRST = LevelSpec(2, 2, 10, 7)
SECOND = LevelSpec(3, 3, 25, 10)
NOTICE = LevelSpec(4, 4, 40, 10)
LEVELS = [NOTICE, FIRST, COURTESY, SECOND]  # any order: sorted by sequence


def test_nothing_before_the_courtesy_delay():
    assert next_level(LEVELS, None, -5, None) is None


def test_courtesy_before_due_date():
    assert next_level(LEVELS, None, -3, None) == COURTESY
    assert next_level(LEVELS, None, 0, None) == COURTESY


def test_late_invoice_skips_the_courtesy_reminder():
    assert next_level(LEVELS, None, 1, None) is None
    assert next_level(LEVELS, None, 12, None) == FIRST


def test_one_level_at_a_time():
    # 100 days late and never reminded: the first reminder, not the notice
    assert next_level(LEVELS, None, 100, None) == FIRST
    assert next_level(LEVELS, FIRST.id, 100, 30) == SECOND


def test_minimum_interval():
    assert next_level(LEVELS, FIRST.id, 30, 9) is None
    assert next_level(LEVELS, FIRST.id, 30, 10) == SECOND


def test_last_level_stays():
    assert next_level(LEVELS, NOTICE.id, 400, 300) is None


def test_next_reminder_date():
    due = date(2026, 3, 2)
    assert next_reminder_date(LEVELS, None, due, None, date(2026, 2, 1)) == date(
        2026, 2, 27
    )
    assert next_reminder_date(
        LEVELS, FIRST.id, due, date(2026, 3, 12), date(2026, 3, 13)
    ) == (date(2026, 3, 27))
    # interval longer than the delay
    assert next_reminder_date(
        LEVELS, SECOND.id, due, date(2026, 4, 8), date(2026, 4, 9)
    ) == (date(2026, 4, 18))
    assert (
        next_reminder_date(LEVELS, NOTICE.id, due, date(2026, 4, 11), date(2026, 5, 1))
        is None
    )


def test_payment_term_cap():
    # 60 days from the invoice date, or 45 days then the end of that month
    assert payment_term_cap(date(2026, 1, 1), "60_days") == date(2026, 3, 2)
    assert payment_term_cap(date(2026, 1, 1), "45_days_eom") == date(2026, 2, 28)
    assert payment_term_cap(date(2026, 1, 20), "45_days_eom") == date(2026, 3, 31)
    assert payment_term_cap(date(2027, 11, 20), "45_days_eom") == date(2028, 1, 31)
