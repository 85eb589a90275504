"""Array literals of the run's bulk inserts (plain functions, no database)."""

from datetime import date, datetime

from odoo.addons.account_recouvrement_base.lib.bulk import array_literal


def test_numbers_booleans_and_nulls():
    assert array_literal([1, None, 2]) == "{1,NULL,2}"
    assert array_literal([1234.56, 0.1, -3.0]) == "{1234.56,0.1,-3.0}"
    assert array_literal([True, False, None]) == "{t,f,NULL}"


def test_dates_are_iso():
    assert array_literal([date(2026, 3, 2), None]) == '{"2026-03-02",NULL}'
    assert array_literal([datetime(2026, 3, 2, 8, 30)]) == '{"2026-03-02T08:30:00"}'


def test_text_is_quoted_and_escaped():
    assert array_literal(["RELANCE/2026/0001"]) == '{"RELANCE/2026/0001"}'
    assert array_literal(['a "b"', "c\\d", "x,y", "{z}", ""]) == (
        '{"a \\"b\\"","c\\\\d","x,y","{z}",""}'
    )
    # "NULL" as a text is a text, not a null
    assert array_literal(["NULL"]) == '{"NULL"}'


def test_empty():
    assert array_literal([]) == "{}"
