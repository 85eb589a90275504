"""Aged buckets and collection KPIs (``account_recouvrement_receivables/lib/aging.py``).

Plain functions, no database used. scripts/test runs pytest-odoo with the Odoo
configuration, whose addons path holds this repository: the addon imports as
``odoo.addons.account_recouvrement_receivables``.
"""

from datetime import date

import pytest

from odoo.addons.account_recouvrement_receivables.lib import aging


@pytest.mark.parametrize(
    ("late", "key"),
    [
        (-400, "not_due"),
        (0, "not_due"),
        (1, "1_30"),
        (30, "1_30"),
        (31, "31_60"),
        (60, "31_60"),
        (61, "61_90"),
        (90, "61_90"),
        (91, "over_90"),
        (5000, "over_90"),
    ],
)
def test_bucket_bounds(late, key):
    assert aging.bucket(late) == key


def test_split_by_bucket_per_due_date():
    on = date(2026, 6, 30)
    lines = [
        (date(2026, 7, 15), 100.0),
        (date(2026, 6, 30), 50.0),
        (date(2026, 3, 1), 200.0),
    ]
    assert aging.split_by_bucket(lines, on) == {
        "not_due": 150.0,
        "1_30": 0.0,
        "31_60": 0.0,
        "61_90": 0.0,
        "over_90": 200.0,
    }
    assert aging.days_late(date(2026, 3, 1), on) == 121


def test_sql_bucket_case_matches_bucket():
    case = aging.sql_bucket_case("d")
    assert case.startswith("CASE WHEN (d) <= 0 THEN 'not_due'")
    assert "WHEN (d) >= 31 AND (d) <= 60 THEN '31_60'" in case
    assert case.endswith("WHEN (d) >= 91 THEN 'over_90' END")
    assert [key for key, _label in aging.BUCKET_SELECTION] == list(aging.BUCKET_KEYS)


def test_kpis():
    days = aging.period_days(date(2026, 4, 2), date(2026, 6, 30))
    assert days == 90
    # DSO, accounting method: 5 300 owed at the end, 2 200 sold over 90 days
    assert aging.dso(5300, 2200, days) == pytest.approx(216.818, abs=1e-3)
    assert aging.overdue_ratio(4500, 5300) == pytest.approx(84.906, abs=1e-3)
    collected = 1900  # payments received in the period
    assert aging.recovery_rate(collected, 5000 + 2200) == pytest.approx(
        26.389, abs=1e-3
    )
    assert aging.cei(5000, 2200, 5300, 800) == pytest.approx(29.6875)
    # everything collected: CEI 100 %
    assert aging.cei(1000, 500, 200, 200) == pytest.approx(100.0)
    # 5 instalments due, 1 still within its grace period: 2 of 4 on time
    assert aging.on_time_ratio(2, 5, 1) == pytest.approx(50.0)


def test_kpis_without_denominator():
    assert aging.dso(1000, 0, 90) is None
    assert aging.overdue_ratio(0, 0) is None
    assert aging.recovery_rate(0, 0) is None
    assert aging.cei(0, 0, 0, 0) is None
    # the only instalment due is still within its grace period
    assert aging.on_time_ratio(0, 1, 1) is None
    with pytest.raises(ValueError):
        aging.period_days(date(2026, 2, 1), date(2026, 1, 31))


def test_aged_balance_streams_customers():
    balance = aging.AgedBalance()
    assert (
        balance.add({"key": 1, "name": "A"}, 100.0, {"not_due": 100.0}, late=-3) is None
    )
    assert (
        balance.add({"key": 1, "name": "A"}, 50.0, {"1_30": 50.0}, late=12, level=7)
        is None
    )
    first = balance.add({"key": 2, "name": "B"}, 30.0, {"over_90": 30.0}, late=200)
    assert first["name"] == "A"
    assert (first["count"], first["residual"], first["max_days_late"]) == (2, 150.0, 12)
    assert (first["not_due"], first["1_30"], first["over_90"]) == (100.0, 50.0, 0.0)
    last = balance.close()
    assert (last["name"], last["residual"], last["over_90"]) == ("B", 30.0, 30.0)
    assert balance.close() is None
    assert balance.totals["residual"] == 180.0
    assert balance.overdue == 80.0
    assert balance.invoice_count == 3
    assert balance.by_level == {
        None: {"residual": 130.0, "count": 2},
        7: {"residual": 50.0, "count": 1},
    }
