"""Late-payment interest, day by day (Code de commerce L441-10).

For each day from the day after the due date to the computation date, the
amount then still due (VAT included) × the annual rate of that day / 365.
The day of a payment bears interest: an amount paid on day D is late
D − due date days (paid on the due date: none; the next day: one), so a
payment lowers the base from the day after it. A period crossing 1 January or
1 July uses the rate of each half-year. The computation walks segments (runs
of days with the same base and rate), not days, so it costs nothing to run
over years.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

DAYS_IN_YEAR = 365
ONE_DAY = timedelta(days=1)


class MissingRateError(ValueError):
    """No rate covers a day of the period."""

    def __init__(self, day):
        super().__init__(day)
        self.day = day


@dataclass(frozen=True)
class RatePeriod:
    date_from: date
    date_to: date
    rate: float  # annual rate, in percent


@dataclass(frozen=True)
class Segment:
    date_from: date
    date_to: date
    base: float
    rate: float

    @property
    def days(self):
        return (self.date_to - self.date_from).days + 1

    @property
    def amount(self):
        """Unrounded interest of the segment."""
        return self.base * self.rate / 100.0 * self.days / DAYS_IN_YEAR


def half_year_bounds(day):
    """First and last day of the half-year containing ``day``."""
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30)
    return date(day.year, 7, 1), date(day.year, 12, 31)


def _rate_on(rate_periods, day):
    for period in rate_periods:
        if period.date_from <= day <= period.date_to:
            return period
    raise MissingRateError(day)


def interest_segments(rate_periods, start, end, initial, payments=()):
    """Split ``start``..``end`` (both included) into segments of constant base
    and rate.

    :param rate_periods: ``RatePeriod`` list (any order, must cover the days)
    :param initial: amount due on ``start`` before any payment of the list
    :param payments: ``(date, amount)`` pairs; the amount bears interest on
        the day of its payment and stops the day after (payments made before
        ``start`` lower the initial base)
    :return: ``Segment`` list, days with a zero base left out
    """
    if end < start:
        return []
    periods = sorted(rate_periods, key=lambda p: p.date_from)
    # the first day each paid amount no longer bears interest
    stops = [(day + ONE_DAY, amount) for day, amount in payments]
    base = initial - sum(amount for day, amount in stops if day <= start)
    changes = sorted((day, amount) for day, amount in stops if start < day <= end)
    segments = []
    day = start
    while day <= end:
        period = _rate_on(periods, day)
        seg_end = min(end, period.date_to)
        next_change = next((d for d, _amount in changes if d > day), None)
        if next_change and next_change <= seg_end:
            seg_end = next_change - ONE_DAY
        if base > 0:
            segments.append(Segment(day, seg_end, base, period.rate))
        day = seg_end + ONE_DAY
        base -= sum(amount for d, amount in changes if d == day)
    return segments


def floored_contract_periods(legal_periods, contract_rate, factor=3):
    """The contract's rate, half-year by half-year, never below ``factor`` ×
    the legal interest rate of that half-year (C. com. L441-10 II).

    :param legal_periods: ``RatePeriod`` list of the legal interest rate
    :return: ``RatePeriod`` list over the same periods
    """
    return [
        # the rates are stated with three decimals (3 × 5.07 is 15.21, not
        # 15.209999…)
        RatePeriod(
            p.date_from, p.date_to, round(max(contract_rate, factor * p.rate), 3)
        )
        for p in legal_periods
    ]


def public_body_periods(ecb_periods, interest_start, start, end, add=8.0):
    """Public procurement (C. commande publique R2192-31): the ECB main
    refinancing rate in force on the first day of the half-year in which the
    interest began to run (``interest_start``), plus ``add`` points, for the
    whole period — it does not change at the next half-year.

    :param ecb_periods: ``RatePeriod`` list of the ECB rate covering the first
        day of ``interest_start``'s half-year
    :return: one ``RatePeriod`` from ``start`` to ``end``
    """
    first_day, _last_day = half_year_bounds(interest_start)
    ecb = _rate_on(sorted(ecb_periods, key=lambda p: p.date_from), first_day)
    return [RatePeriod(start, end, round(ecb.rate + add, 3))]


def round_amount(value, digits=2):
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def group_by_rate(segments, digits=2):
    """Group consecutive segments of the same rate: one invoice line each.

    :return: list of ``(date_from, date_to, rate, amount)`` rounded to
        ``digits``
    """
    groups = []
    for seg in segments:
        if (
            groups
            and groups[-1][2] == seg.rate
            and groups[-1][1] + ONE_DAY == seg.date_from
        ):
            date_from, _to, rate, amount = groups[-1]
            groups[-1] = (date_from, seg.date_to, rate, amount + seg.amount)
        else:
            groups.append((seg.date_from, seg.date_to, seg.rate, seg.amount))
    return [
        (f, t, r, round_amount(a, digits))
        for f, t, r, a in groups
        if round_amount(a, digits)
    ]


def indemnity_due(is_professional, already_charged):
    """The 40 € indemnity (C. com. D441-5): once per late invoice, B2B only."""
    return is_professional and not already_charged
