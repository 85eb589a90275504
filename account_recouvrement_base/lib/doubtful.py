"""Doubtful receivables (Plan comptable général): the provision of a
receivable in litigation.

Plain functions: the models call them, the tests check them without a
database. Amounts are computed in decimals and rounded half up once.
"""

import math
from decimal import ROUND_HALF_UP, Decimal


def valid_rate(rate):
    """The provision rate as a float between 0 and 100, else None."""
    if isinstance(rate, bool):
        return None
    try:
        value = float(rate)
    except (TypeError, ValueError):
        return None
    if math.isnan(value) or not 0.0 <= value <= 100.0:
        return None
    return value


def provision_target(residual, untaxed, total, rate, digits=2):
    """The provision of a doubtful receivable: what remains owed excl. VAT
    — the residual incl. VAT × untaxed / total of the invoice; the VAT is not
    impaired since it is recovered at the write-off (CGI art. 272) — × rate
    / 100, rounded half up to ``digits`` decimals."""
    if not total:
        return 0.0
    amount = (
        Decimal(str(residual))
        * Decimal(str(untaxed))
        / Decimal(str(total))
        * Decimal(str(rate))
        / 100
    )
    return float(amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
