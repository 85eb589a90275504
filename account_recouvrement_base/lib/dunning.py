"""Level selection for the dunning run.

The models fetch the open receivables with one query, then call these
functions row by row in memory: no ORM, no SQL, easy to test.
"""

from dataclasses import dataclass
from datetime import date, timedelta

# payment states of an invoice that is no longer chased (``account.move``)
CLOSED_PAYMENT_STATES = ("paid", "in_payment", "reversed")


@dataclass(frozen=True)
class LevelSpec:
    """What the engine needs to know of a ``recouvrement.level``."""

    id: int
    sequence: int
    delay_days: int
    min_interval_days: int


def days_between(start: date, end: date) -> int:
    """Whole days from ``start`` to ``end`` (negative when ``end`` is before)."""
    return (end - start).days


def next_level(levels, current_id, days_late, days_since_last):
    """Return the level the invoice moves to today, or ``None``.

    :param levels: the policy's ``LevelSpec`` ordered by sequence
    :param current_id: id of the invoice's current level, or ``None``
    :param days_late: days since the oldest open due date (negative before it)
    :param days_since_last: days since the last communication on the
        invoice, or ``None`` when it never got one

    Rules: one level at a time (never skipping one, never going down); a
    level whose delay is negative is a courtesy reminder, sent only while the
    invoice is not yet due, so an invoice already late skips it; the next
    level must have its delay reached and its minimum interval since the
    last communication respected.
    """
    ordered = sorted(levels, key=lambda lvl: (lvl.sequence, lvl.id))
    ids = [lvl.id for lvl in ordered]
    start = ids.index(current_id) + 1 if current_id in ids else 0
    for level in ordered[start:]:
        if level.delay_days < 0 and days_late > 0:
            # courtesy reminder before the due date: too late for it
            continue
        if days_late < level.delay_days:
            return None
        if days_since_last is not None and days_since_last < level.min_interval_days:
            return None
        return level
    return None


def next_reminder_date(levels, current_id, due_date, last_date, today):
    """Date on which ``next_level`` will pick the invoice's next level, or
    ``None`` when it is at the policy's last level."""
    ordered = sorted(levels, key=lambda lvl: (lvl.sequence, lvl.id))
    ids = [lvl.id for lvl in ordered]
    start = ids.index(current_id) + 1 if current_id in ids else 0
    for level in ordered[start:]:
        if level.delay_days < 0 and days_between(due_date, today) > 0:
            continue
        candidate = due_date + timedelta(days=level.delay_days)
        if last_date:
            candidate = max(
                candidate, last_date + timedelta(days=level.min_interval_days)
            )
        return max(candidate, today)
    return None


def payment_term_cap(invoice_date: date, rule: str) -> date:
    """The latest due date allowed between professionals (C. com. L441-10 I):
    60 days after the invoice date, or — "45_days_eom" — 45 days after it,
    then the end of that month."""
    if rule == "45_days_eom":
        day = invoice_date + timedelta(days=45)
        next_month = day.replace(day=28) + timedelta(days=4)
        return next_month - timedelta(days=next_month.day)
    return invoice_date + timedelta(days=60)
