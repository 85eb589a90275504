"""Aged balance and collection KPIs.

Plain functions (no ORM, no SQL): the receivables report feeds them the
amounts it read from the ledger with one query, and tests check them alone.

Definitions (see the project's domain notes, §7):

* aged buckets: not due, 1–30, 31–60, 61–90, > 90 days past due;
* DSO, accounting method: receivables incl. VAT at the end of the period /
  sales incl. VAT of the period × days in the period;
* overdue ratio: overdue receivables / total receivables × 100;
* recovery rate: amount collected (payments received) / amount due × 100,
  where the amount due over a period is the opening receivables plus the
  sales of the period;
* CEI (collection effectiveness index): (opening receivables + sales −
  closing receivables) / (opening receivables + sales − closing current
  receivables) × 100.

A ratio whose denominator is zero or negative has no meaning: the functions
return ``None`` then, and the report leaves the cell empty.
"""

from datetime import date

from odoo.addons.account_recouvrement_base.lib.dunning import days_between

# (key, label, first day late, last day late); None = open-ended. The labels
# are English source strings: the analysis model declares them as its
# ``bucket`` selection, so they are translated once (i18n/*.po) for the
# pivot views and the XLSX workbook alike.
BUCKETS = (
    ("not_due", "Not due", None, 0),
    ("1_30", "1–30 days", 1, 30),
    ("31_60", "31–60 days", 31, 60),
    ("61_90", "61–90 days", 61, 90),
    ("over_90", "> 90 days", 91, None),
)
BUCKET_KEYS = tuple(key for key, _label, _low, _high in BUCKETS)
BUCKET_SELECTION = [(key, label) for key, label, _low, _high in BUCKETS]


def days_late(due_date: date, on: date) -> int:
    """Days past ``due_date`` on day ``on`` (zero or negative: not due yet)."""
    return days_between(due_date, on)


def bucket(late: int) -> str:
    """Key of the aged bucket of an amount ``late`` days past its due date."""
    for key, _label, low, high in BUCKETS:
        if (low is None or late >= low) and (high is None or late <= high):
            return key
    # unreachable: BUCKETS covers every integer
    raise ValueError(f"no bucket for {late} days late")


def sql_bucket_case(days_expr: str) -> str:
    """SQL ``CASE`` giving the bucket key of ``days_expr`` (an SQL expression
    of days late, trusted code only), so that SQL views share ``BUCKETS``."""
    whens = []
    for key, _label, low, high in BUCKETS:
        tests = []
        if low is not None:
            tests.append(f"({days_expr}) >= {int(low)}")
        if high is not None:
            tests.append(f"({days_expr}) <= {int(high)}")
        whens.append(f"WHEN {' AND '.join(tests)} THEN '{key}'")
    return "CASE " + " ".join(whens) + " END"


def split_by_bucket(lines, on: date) -> dict:
    """Sum amounts per bucket.

    :param lines: iterable of ``(due_date, amount)``
    :param on: the date of the aged balance
    :return: ``{bucket key: amount}`` with every key present
    """
    totals = dict.fromkeys(BUCKET_KEYS, 0.0)
    for due_date, amount in lines:
        totals[bucket(days_late(due_date, on))] += amount
    return totals


def period_days(date_from: date, date_to: date) -> int:
    """Days in the period, both ends included."""
    if date_to < date_from:
        raise ValueError("the period ends before it starts")
    return days_between(date_from, date_to) + 1


def _ratio(numerator, denominator):
    if denominator is None or denominator <= 0:
        return None
    return numerator / denominator * 100.0


def dso(receivables: float, sales: float, days: int):
    """Days sales outstanding, accounting method."""
    if sales <= 0:
        return None
    return receivables / sales * days


def overdue_ratio(overdue: float, total: float):
    """Share of the receivables that is past due, in percent."""
    return _ratio(overdue, total)


def recovery_rate(amount_collected: float, amount_due: float):
    """Taux de recouvrement, in percent."""
    return _ratio(amount_collected, amount_due)


def cei(opening: float, sales: float, closing_total: float, closing_current: float):
    """Collection effectiveness index, in percent."""
    return _ratio(opening + sales - closing_total, opening + sales - closing_current)


def on_time_ratio(on_time: int, due: int, pending: int = 0):
    """Share of the instalments of payment plans paid on time, in percent:
    ``on_time`` of the ``due`` instalments, leaving out the ``pending`` ones
    (not paid yet, still within their grace period)."""
    return _ratio(on_time, due - pending)


class AgedBalance:
    """Running totals of an aged balance read invoice by invoice.

    The invoices come sorted by customer; ``add`` returns the totals of the
    previous customer when a new one starts, ``close`` those of the last one,
    so that a report can write one customer row at a time without keeping
    the invoices in memory.
    """

    def __init__(self):
        self.totals = self._empty()
        self.by_level = {}
        self.invoice_count = 0
        self._customer = None

    @staticmethod
    def _empty():
        return {
            "residual": 0.0,
            "count": 0,
            "max_days_late": None,
            **dict.fromkeys(BUCKET_KEYS, 0.0),
        }

    @staticmethod
    def _add_to(acc, residual, buckets, late):
        acc["residual"] += residual
        acc["count"] += 1
        for key in BUCKET_KEYS:
            acc[key] += buckets.get(key, 0.0)
        if late is not None and (
            acc["max_days_late"] is None or late > acc["max_days_late"]
        ):
            acc["max_days_late"] = late

    def add(self, customer, residual, buckets, late=None, level=None):
        """Count one invoice.

        :param customer: a hashable key, or a dict whose ``"key"`` identifies
            the customer (the dict is returned with the totals)
        :param residual: residual amount (company currency)
        :param buckets: ``{bucket key: amount}``
        :param late: days late of the invoice
        :param level: key of the dunning level (``None``: no level)
        :return: the finished previous customer (dict), or ``None``
        """
        key = customer.get("key") if isinstance(customer, dict) else customer
        finished = None
        if self._customer is not None and self._customer["key"] != key:
            finished = self._customer
            self._customer = None
        if self._customer is None:
            info = customer if isinstance(customer, dict) else {"key": customer}
            self._customer = {**info, **self._empty()}
        self._add_to(self._customer, residual, buckets, late)
        self._add_to(self.totals, residual, buckets, late)
        level_acc = self.by_level.setdefault(level, {"residual": 0.0, "count": 0})
        level_acc["residual"] += residual
        level_acc["count"] += 1
        self.invoice_count += 1
        return finished

    def close(self):
        """The last customer's totals (``None`` when there was no invoice)."""
        finished, self._customer = self._customer, None
        return finished

    @property
    def overdue(self):
        return sum(self.totals[key] for key in BUCKET_KEYS if key != "not_due")
