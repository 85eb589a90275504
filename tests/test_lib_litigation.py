"""Litigation: the procedure proposed, the statutory deadlines and the
imputation of payments (plain functions, no database)."""

from datetime import date

import pytest

from odoo.addons.account_recouvrement_litigation.lib.litigation import (
    dates_out_of_order,
    enforcement_deadline,
    impute,
    opposition_deadline,
    propose_procedure,
    service_deadline,
)


def test_small_claims_up_to_5000_interest_included():
    assert propose_procedure(5000.0, "professional") == "small_claims"
    assert propose_procedure(5000.0, "consumer") == "small_claims"
    assert propose_procedure(5000.01, "professional") == "injonction_commerce"
    assert propose_procedure(5000.01, "public_body") == "injonction_commerce"
    assert propose_procedure(12000.0, "consumer") == "injonction_judiciaire"


def test_deadlines_by_calendar_month():
    # CPC 1411: six months; 31 March → 30 September (no 31st)
    assert service_deadline(date(2026, 3, 31)) == date(2026, 9, 30)
    assert service_deadline(None) is None
    # CPC 1416 and 1422: one month, then one more
    assert opposition_deadline(date(2026, 1, 31)) == date(2026, 2, 28)
    assert enforcement_deadline(date(2026, 1, 31)) == date(2026, 3, 28)
    assert enforcement_deadline(date(2026, 4, 15)) == date(2026, 6, 15)
    assert opposition_deadline(None) is None
    assert enforcement_deadline(None) is None


def test_dates_out_of_order():
    filed, order, served = date(2026, 3, 1), date(2026, 3, 10), date(2026, 3, 20)
    assert dates_out_of_order(filed, order, served, None) is None
    assert dates_out_of_order(None, None, served, None) is None
    assert dates_out_of_order(filed, order, date(2026, 3, 9), None) == (
        "date_served",
        "date_order",
    )
    assert dates_out_of_order(order, filed, None, None) == ("date_order", "date_filed")
    assert dates_out_of_order(filed, None, None, date(2026, 2, 1)) == (
        "date_judgement",
        "date_filed",
    )
    assert dates_out_of_order(order, None, filed, None) == (
        "date_served",
        "date_filed",
    )


def test_payment_imputed_on_interest_first():
    # 10.00 paid on 19.54 of interest and 1,000.00 of principal
    result = impute(10.0, 19.54, 1000.0)
    assert (result.interest_paid, result.principal_paid) == (10.0, 0.0)
    assert (result.interest_left, result.principal_left) == (9.54, 1000.0)
    assert result.excess == 0.0
    # 100.00: the interest paid off, 80.46 on the principal
    result = impute(100.0, 19.54, 1000.0)
    assert (result.interest_paid, result.principal_paid) == (19.54, 80.46)
    assert (result.interest_left, result.principal_left) == (0.0, 919.54)
    # more than owed: the excess apart
    result = impute(1030.0, 19.54, 1000.0)
    assert (result.interest_left, result.principal_left) == (0.0, 0.0)
    assert result.excess == 10.46
    # no interest: all on the principal; cents rounded half up
    assert impute(0.005, 0.0, 10.0).principal_left == 9.99


def test_negative_amounts_refused():
    with pytest.raises(ValueError):
        impute(-1.0, 0.0, 10.0)
