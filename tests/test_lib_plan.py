"""Payment plans: the schedule and the allocation of payments (plain
functions, no database)."""

from datetime import date

import pytest

from odoo.addons.account_recouvrement_payment_plan.lib.plan import (
    ScheduleError,
    allocate,
    due_date,
    exceeds_legal_term,
    schedule,
)


def _figures(lines):
    return [(line.sequence, line.date_due, line.amount) for line in lines]


# ----------------------------------------------------------------------
# Schedule
# ----------------------------------------------------------------------


def test_equal_instalments_remainder_on_the_last():
    # 1,000.00 / 3 = 333.333… → 333.33 twice, 1,000.00 − 666.66 = 333.34
    lines = schedule(1000.0, 3, "month", date(2026, 4, 15))
    assert _figures(lines) == [
        (1, date(2026, 4, 15), 333.33),
        (2, date(2026, 5, 15), 333.33),
        (3, date(2026, 6, 15), 333.34),
    ]


def test_rounded_up_instalments_leave_a_smaller_last_one():
    # 200.00 / 3 = 66.666… → 66.67 twice, 200.00 − 133.34 = 66.66
    lines = schedule(200.0, 3, "month", date(2026, 4, 1))
    assert [line.amount for line in lines] == [66.67, 66.67, 66.66]
    assert round(sum(line.amount for line in lines), 2) == 200.0


def test_down_payment_first_then_the_instalments():
    # 1,000.00 − 250.00 down = 750.00 in 4 = 187.50 each; the down payment on
    # the first date, the instalments from the next month
    lines = schedule(1000.0, 4, "month", date(2026, 4, 10), down_payment=250.0)
    assert _figures(lines) == [
        (1, date(2026, 4, 10), 250.0),
        (2, date(2026, 5, 10), 187.5),
        (3, date(2026, 6, 10), 187.5),
        (4, date(2026, 7, 10), 187.5),
        (5, date(2026, 8, 10), 187.5),
    ]


def test_month_end_clamped_from_the_first_date():
    # 31 Jan → 28 Feb (2026 is not a leap year) → 31 Mar, not 28 Mar
    lines = schedule(900.0, 4, "month", date(2026, 1, 31))
    assert [line.date_due for line in lines] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    # 2028 is: 29 Feb
    assert due_date(date(2028, 1, 31), "month", 1) == date(2028, 2, 29)


def test_weekly_and_quarterly():
    # 100.00 / 6 = 16.666… → 16.67 × 5 = 83.35, last 100.00 − 83.35 = 16.65
    weekly = schedule(100.0, 6, "week", date(2026, 3, 30))
    assert [line.date_due for line in weekly] == [
        date(2026, 3, 30),
        date(2026, 4, 6),
        date(2026, 4, 13),
        date(2026, 4, 20),
        date(2026, 4, 27),
        date(2026, 5, 4),
    ]
    assert [line.amount for line in weekly] == [16.67] * 5 + [16.65]
    quarterly = schedule(3000.0, 3, "quarter", date(2026, 11, 30))
    assert [line.date_due for line in quarterly] == [
        date(2026, 11, 30),
        date(2027, 2, 28),
        date(2027, 5, 30),
    ]
    assert [line.amount for line in quarterly] == [1000.0] * 3


def test_currency_without_decimals():
    # 1,000 JPY / 3 → 333, 333, 334
    lines = schedule(1000.0, 3, "month", date(2026, 4, 1), digits=0)
    assert [line.amount for line in lines] == [333.0, 333.0, 334.0]


def test_one_instalment():
    assert _figures(schedule(99.99, 1, "week", date(2026, 4, 1))) == [
        (1, date(2026, 4, 1), 99.99)
    ]


@pytest.mark.parametrize(
    ("args", "kwargs", "code"),
    [
        ((0.0, 3, "month"), {}, "amount"),
        ((-10.0, 3, "month"), {}, "amount"),
        ((100.0, 0, "month"), {}, "count"),
        ((100.0, -2, "month"), {}, "count"),
        ((100.0, 3, "month"), {"down_payment": 100.0}, "down_payment"),
        ((100.0, 3, "month"), {"down_payment": 150.0}, "down_payment"),
        ((100.0, 3, "month"), {"down_payment": -1.0}, "down_payment"),
        ((100.0, 3, "day"), {}, "interval"),
        # 0.12 in 8: 0.02 × 7 = 0.14 > 0.12
        ((0.12, 8, "month"), {}, "too_many"),
    ],
)
def test_bad_schedules(args, kwargs, code):
    with pytest.raises(ScheduleError) as error:
        schedule(*args, date(2026, 4, 1), **kwargs)
    assert error.value.code == code


def test_beyond_two_years():
    start = date(2026, 3, 5)
    assert not exceeds_legal_term(start, date(2028, 3, 5))
    assert exceeds_legal_term(start, date(2028, 3, 6))


# ----------------------------------------------------------------------
# Allocation
# ----------------------------------------------------------------------

LINES = [
    (date(2026, 4, 15), 333.33),
    (date(2026, 5, 15), 333.33),
    (date(2026, 6, 15), 333.34),
]


def _states(allocations):
    return [(a.amount_paid, a.amount_residual, a.state) for a in allocations]


def test_nothing_paid():
    assert _states(allocate(LINES, 0.0, date(2026, 4, 15))) == [
        (0.0, 333.33, "open"),
        (0.0, 333.33, "open"),
        (0.0, 333.34, "open"),
    ]
    # the day after the due date it is late
    assert allocate(LINES, 0.0, date(2026, 4, 16))[0].state == "late"


def test_partial_payment_oldest_first():
    # 400.00: 333.33 to the first, 66.67 to the second (333.33 − 66.67 = 266.66)
    assert _states(allocate(LINES, 400.0, date(2026, 5, 20))) == [
        (333.33, 0.0, "paid"),
        (66.67, 266.66, "late"),
        (0.0, 333.34, "open"),
    ]


def test_overpayment_counts_toward_the_next_lines():
    # 700.00 = 333.33 + 333.33 + 33.34 (333.34 − 33.34 = 300.00 left)
    assert _states(allocate(LINES, 700.0, date(2026, 4, 10))) == [
        (333.33, 0.0, "paid"),
        (333.33, 0.0, "paid"),
        (33.34, 300.0, "open"),
    ]


def test_everything_paid_and_more():
    assert [a.state for a in allocate(LINES, 1200.0, date(2026, 9, 1))] == ["paid"] * 3


def test_negative_paid_counts_as_nothing():
    # a payment unreconciled after the plan was made: the residual went up
    assert allocate(LINES, -50.0, date(2026, 4, 1))[0].amount_paid == 0.0
