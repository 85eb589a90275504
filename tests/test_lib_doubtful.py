"""Doubtful receivables: the provision rate and amount (plain functions, no
database)."""

import pytest

from odoo.addons.account_recouvrement_litigation.lib.doubtful import (
    provision_target,
    valid_rate,
)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(0, 0.0), (50, 50.0), ("80", 80.0), (100, 100.0), (12.5, 12.5)],
)
def test_valid_rates(rate, expected):
    assert valid_rate(rate) == expected


@pytest.mark.parametrize(
    "rate", [-1, 101, 100.01, -0.01, "abc", None, float("nan"), True, [50]]
)
def test_invalid_rates(rate):
    assert valid_rate(rate) is None


def test_issue_figures():
    # 1,200.00 incl. VAT, 1,000.00 excl. VAT
    assert provision_target(1200.0, 1000.0, 1200.0, 50) == 500.0
    assert provision_target(1200.0, 1000.0, 1200.0, 80) == 800.0
    assert provision_target(1200.0, 1000.0, 1200.0, 20) == 200.0


def test_on_the_residual_excluding_vat():
    # 300 paid: 900 incl. VAT left = 750 excl. VAT; 50 % = 375
    assert provision_target(900.0, 1000.0, 1200.0, 50) == 375.0
    assert provision_target(0.0, 1000.0, 1200.0, 50) == 0.0


def test_rounded_half_up_once():
    # 1,000 € × 833.33 / 1,000 × 50 % = 416.665
    assert provision_target(1000.0, 833.33, 1000.0, 50) == 416.67
    assert provision_target(1000.0, 833.33, 1000.0, 50, digits=0) == 417.0


def test_no_total_no_provision():
    assert provision_target(100.0, 0.0, 0.0, 50) == 0.0
