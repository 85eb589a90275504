"""Payment plans (échéanciers): the schedule of the instalments, and the
allocation of what the customer paid to them.

Plain functions on dates and floats: the models call them, the tests check
them without a database. Amounts are handled in the currency's minor units
(integers) so that the instalments add up to the total exactly.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

INTERVALS = ("week", "month", "quarter")
# art. 1343-5 C. civ.: a judge grants at most two years of grace; a plan
# agreed beyond that is possible, but worth a warning
LEGAL_TERM_MONTHS = 24


class ScheduleError(ValueError):
    """A schedule that cannot be made; ``code`` says why (the model turns it
    into a translated message)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Instalment:
    sequence: int
    date_due: date
    amount: float


@dataclass(frozen=True)
class Allocation:
    """What an instalment has received, and what it still awaits."""

    amount_paid: float
    amount_residual: float
    state: str  # "open", "paid" or "late"


def _to_units(amount, digits):
    return int(Decimal(repr(amount)).scaleb(digits).quantize(1, ROUND_HALF_UP))


def _from_units(units, digits):
    return float(Decimal(units).scaleb(-digits))


def due_date(first_date, interval, index):
    """The due date of the ``index``-th period (0: ``first_date``), always
    counted from the first date: monthly from 31 January gives 28 (or 29)
    February, then 31 March, not 28 March."""
    if interval == "week":
        return first_date + timedelta(weeks=index)
    if interval == "month":
        return first_date + relativedelta(months=index)
    if interval == "quarter":
        return first_date + relativedelta(months=3 * index)
    raise ScheduleError("interval")


def schedule(total, count, interval, first_date, digits=2, down_payment=0.0):
    """The instalments of a plan of ``total``.

    ``count`` equal instalments, each rounded to ``digits`` decimals, the
    rounding remainder on the last; with a ``down_payment``, it is the first
    line, due on ``first_date``, and the instalments follow one interval
    apart from the next period on.

    :raise ScheduleError: ``amount`` (total not positive), ``count`` (fewer
        than one instalment), ``down_payment`` (negative, or not less than
        the total), ``interval``, ``too_many`` (an instalment would round to
        nothing or less)
    """
    total_units = _to_units(total, digits)
    down_units = _to_units(down_payment or 0.0, digits)
    if total_units <= 0:
        raise ScheduleError("amount")
    if not isinstance(count, int) or count < 1:
        raise ScheduleError("count")
    if down_units < 0 or down_units >= total_units:
        raise ScheduleError("down_payment")
    if interval not in INTERVALS:
        raise ScheduleError("interval")
    rest = total_units - down_units
    # half up, in integers: round(rest / count)
    each = (2 * rest + count) // (2 * count)
    amounts = [each] * (count - 1) + [rest - each * (count - 1)]
    if min(amounts) <= 0:
        raise ScheduleError("too_many")
    lines = []
    offset = 0
    if down_units:
        lines.append(Instalment(1, first_date, _from_units(down_units, digits)))
        offset = 1
    for index, units in enumerate(amounts):
        lines.append(
            Instalment(
                len(lines) + 1,
                due_date(first_date, interval, index + offset),
                _from_units(units, digits),
            )
        )
    return lines


def allocate(lines, paid, today, digits=2):
    """Spread ``paid`` over the instalments, oldest first.

    :param lines: ``(date_due, amount)`` in the order they fall due
    :param paid: what the customer paid on the plan's invoices since the
        plan was made (any payment, credit note or write-off that lowered
        their residual); beyond the first lines it counts toward the next
        ones, beyond the whole plan it is ignored
    :param today: a line past its due date with something left to pay is
        late (its due date itself is not late)
    :return: one ``Allocation`` per line, in the same order
    """
    remaining = max(_to_units(paid, digits), 0)
    result = []
    for date_due, amount in lines:
        units = max(_to_units(amount, digits), 0)
        taken = min(units, remaining)
        remaining -= taken
        residual = units - taken
        if not residual:
            state = "paid"
        elif date_due and date_due < today:
            state = "late"
        else:
            state = "open"
        result.append(
            Allocation(_from_units(taken, digits), _from_units(residual, digits), state)
        )
    return result


def exceeds_legal_term(start, last_due):
    """Whether the plan runs beyond the two years a judge may grant
    (art. 1343-5 C. civ.), counted from ``start``, the day it is made."""
    return bool(
        start
        and last_due
        and last_due > start + relativedelta(months=LEGAL_TERM_MONTHS)
    )
