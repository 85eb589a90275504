"""Late interest over half-year rates (plain functions, no database).
Figures computed by hand: amount × rate × days / 365."""

from datetime import date

import pytest

from odoo.addons.account_recouvrement_base.lib.interest import (
    MissingRateError,
    RatePeriod,
    floored_contract_periods,
    group_by_rate,
    half_year_bounds,
    indemnity_due,
    interest_segments,
    public_body_periods,
)

RATES = [
    RatePeriod(date(2024, 1, 1), date(2024, 6, 30), 14.50),
    RatePeriod(date(2024, 7, 1), date(2024, 12, 31), 14.25),
    RatePeriod(date(2025, 1, 1), date(2025, 6, 30), 13.15),
    RatePeriod(date(2025, 7, 1), date(2025, 12, 31), 12.15),
]


def test_half_year_bounds():
    assert half_year_bounds(date(2025, 6, 30)) == (date(2025, 1, 1), date(2025, 6, 30))
    assert half_year_bounds(date(2025, 7, 1)) == (date(2025, 7, 1), date(2025, 12, 31))


def test_single_rate():
    # 1,000 × 13.15 % × 31 / 365 = 11.168 → 11.17
    segments = interest_segments(RATES, date(2025, 3, 1), date(2025, 3, 31), 1000.0)
    assert [(s.date_from, s.date_to, s.days) for s in segments] == [
        (date(2025, 3, 1), date(2025, 3, 31), 31)
    ]
    assert group_by_rate(segments) == [
        (date(2025, 3, 1), date(2025, 3, 31), 13.15, 11.17)
    ]


def test_crossing_1_january_and_a_payment():
    # 5,000 from 01/12/2024 to 31/01/2025, 2,000 paid on 16/01/2025, a day
    # that still bears interest on the 5,000:
    # 5,000 × 14.25 % × 31 / 365 = 60.5137 → 60.51
    # 5,000 × 13.15 % × 16 / 365 (01/01 → 16/01) + 3,000 × 13.15 % × 15 / 365
    #   (17/01 → 31/01) = 28.8219 + 16.2123 = 45.0342 → 45.03
    segments = interest_segments(
        RATES,
        date(2024, 12, 1),
        date(2025, 1, 31),
        5000.0,
        [(date(2025, 1, 16), 2000.0)],
    )
    assert [(s.days, s.base) for s in segments] == [
        (31, 5000.0),
        (16, 5000.0),
        (15, 3000.0),
    ]
    assert group_by_rate(segments) == [
        (date(2024, 12, 1), date(2024, 12, 31), 14.25, 60.51),
        (date(2025, 1, 1), date(2025, 1, 31), 13.15, 45.03),
    ]


def test_leap_day_counts_and_year_is_365():
    # 29/02/2024 is a day late like any other; the divisor stays 365
    segments = interest_segments(RATES, date(2024, 2, 28), date(2024, 3, 1), 365.0)
    assert sum(s.days for s in segments) == 3
    assert group_by_rate(segments)[0][3] == round(365.0 * 0.145 * 3 / 365, 2)


def test_paid_in_full_stops_interest():
    segments = interest_segments(
        RATES,
        date(2025, 3, 1),
        date(2025, 3, 31),
        1000.0,
        [(date(2025, 3, 11), 1000.0)],
    )
    # paid on the 11th: the 11th is the last day of interest
    assert [(s.date_from, s.date_to) for s in segments] == [
        (date(2025, 3, 1), date(2025, 3, 11))
    ]


def test_day_of_payment_bears_interest():
    # due 28/02/2025, interest from 01/03: paid on the due date, nothing; paid
    # the next day, one day: 1,000 × 13.15 % × 1 / 365 = 0.3603 → 0.36
    start = date(2025, 3, 1)
    on_due_date = [(date(2025, 2, 28), 1000.0)]
    assert interest_segments(RATES, start, date(2025, 3, 31), 1000.0, on_due_date) == []
    next_day = [(date(2025, 3, 1), 1000.0)]
    segments = interest_segments(RATES, start, date(2025, 3, 31), 1000.0, next_day)
    assert [(s.date_from, s.date_to, s.base) for s in segments] == [
        (start, start, 1000.0)
    ]
    assert group_by_rate(segments) == [(start, start, 13.15, 0.36)]
    # a partial payment loses no day: 400 paid on 10/03 bears 01/03 → 10/03
    partial = [(date(2025, 3, 10), 400.0)]
    segments = interest_segments(RATES, start, date(2025, 3, 20), 1000.0, partial)
    assert [(s.days, s.base) for s in segments] == [(10, 1000.0), (10, 600.0)]


def test_payment_before_start_lowers_the_base():
    segments = interest_segments(
        RATES, date(2025, 3, 1), date(2025, 3, 10), 1000.0, [(date(2025, 2, 1), 400.0)]
    )
    assert segments[0].base == 600.0


def test_missing_rate():
    with pytest.raises(MissingRateError) as info:
        interest_segments(RATES, date(2025, 12, 30), date(2026, 1, 2), 100.0)
    assert info.value.day == date(2026, 1, 1)


def test_empty_period():
    assert interest_segments(RATES, date(2025, 3, 2), date(2025, 3, 1), 100.0) == []


def test_indemnity_once_and_b2b_only():
    assert indemnity_due(True, False)
    assert not indemnity_due(True, True)
    assert not indemnity_due(False, False)


def test_contract_rate_floored_half_year_by_half_year():
    # legal rate (other cases) 5.07 % then 2.76 %: floors 15.21 % and 8.28 %
    legal = [
        RatePeriod(date(2024, 1, 1), date(2024, 6, 30), 5.07),
        RatePeriod(date(2025, 7, 1), date(2025, 12, 31), 2.76),
    ]
    periods = floored_contract_periods(legal, 10.0)
    assert [(p.date_from, p.rate) for p in periods] == [
        (date(2024, 1, 1), 15.21),
        (date(2025, 7, 1), 10.0),
    ]


def test_public_body_rate_fixed_for_the_whole_period():
    # interest from 15/12/2024: ECB on 01/07/2024 (its half-year) 4.25 % + 8
    ecb = [
        RatePeriod(date(2024, 7, 1), date(2024, 12, 31), 4.25),
        RatePeriod(date(2025, 1, 1), date(2025, 6, 30), 3.15),
    ]
    periods = public_body_periods(
        ecb, date(2024, 12, 15), date(2025, 1, 10), date(2025, 2, 28)
    )
    assert periods == [RatePeriod(date(2025, 1, 10), date(2025, 2, 28), 12.25)]
    with pytest.raises(MissingRateError):
        public_body_periods(ecb, date(2026, 1, 5), date(2026, 1, 5), date(2026, 2, 1))
