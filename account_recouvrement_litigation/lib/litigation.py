"""Litigation: the road to court, the statutory deadlines of an injonction de
payer and the imputation of payments on a statement (plain functions, no
database).

- The simplified procedure for small claims (CPCE L125-1, R125-1): a
  commissaire de justice recovers a claim of at most 5 000 € (interest
  included) without a judge when the debtor agrees.
- The injonction de payer: before the tribunal de commerce when the debtor
  is a professional (Cerfa 12946), the tribunal judiciaire otherwise (Cerfa
  12948). The order is void unless served within six months (CPC 1411); the
  debtor may oppose it within one month of service (CPC 1416); the creditor
  asks for the formule exécutoire within one month after the opposition
  deadline (CPC 1422, 1423).
- A partial payment is imputed first on the interest, then on the principal
  (C. civ. 1343-1).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

#: the procedures of a case, the stages they lead to
PROCEDURES = [
    ("injonction_commerce", "Injonction de payer (tribunal de commerce)"),
    ("injonction_judiciaire", "Injonction de payer (tribunal judiciaire)"),
    ("small_claims", "Simplified procedure for small claims"),
    ("refere_provision", "Référé-provision"),
    ("assignation", "Summons (assignation)"),
]
CASE_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("closed", "Closed"),
]
OUTCOMES = [
    ("recovered", "Recovered"),
    ("settled", "Settled"),
    ("irrecoverable", "Irrecoverable"),
]

SMALL_CLAIMS_CEILING = 5000.0
#: the payment states of an invoice still (partly) owed
OPEN_PAYMENT_STATES = ("not_paid", "partial")
SERVICE_MONTHS = 6
OPPOSITION_MONTHS = 1
ENFORCEMENT_MONTHS = 1


def propose_procedure(claim, debtor_type):
    """The procedure the module proposes for a claim of ``claim`` (principal
    and interest, in euros) on a debtor of ``debtor_type`` ("professional",
    "public_body" or "consumer")."""
    if claim <= SMALL_CLAIMS_CEILING:
        return "small_claims"
    if debtor_type == "consumer":
        return "injonction_judiciaire"
    return "injonction_commerce"


def service_deadline(date_order):
    """The last day to serve the order (CPC 1411), or None."""
    return date_order and date_order + relativedelta(months=SERVICE_MONTHS)


def opposition_deadline(date_served):
    """The last day the debtor may oppose the served order (CPC 1416), or
    None."""
    return date_served and date_served + relativedelta(months=OPPOSITION_MONTHS)


def enforcement_deadline(date_served):
    """The last day to ask for the formule exécutoire: one month after the
    opposition deadline (CPC 1422), or None."""
    deadline = opposition_deadline(date_served)
    return deadline and deadline + relativedelta(months=ENFORCEMENT_MONTHS)


def dates_out_of_order(date_filed, date_order, date_served, date_judgement):
    """The first pair of milestones in the wrong order, as
    ``(later_name, earlier_name)``, or None: the order follows the filing,
    the service follows the order, the judgement follows the filing."""
    pairs = (
        ("date_order", date_order, "date_filed", date_filed),
        ("date_served", date_served, "date_order", date_order),
        ("date_served", date_served, "date_filed", date_filed),
        ("date_judgement", date_judgement, "date_filed", date_filed),
    )
    for later_name, later, earlier_name, earlier in pairs:
        if later and earlier and later < earlier:
            return later_name, earlier_name
    return None


@dataclass(frozen=True)
class Imputation:
    interest_paid: float
    principal_paid: float
    interest_left: float
    principal_left: float
    excess: float


def _dec(value):
    return Decimal(str(value))


def impute(paid, interest, principal, digits=2):
    """Impute ``paid`` first on ``interest``, then on ``principal`` (C. civ.
    1343-1); what exceeds both is ``excess``. Amounts rounded to ``digits``
    decimals."""
    if paid < 0 or interest < 0 or principal < 0:
        raise ValueError("amounts must not be negative")
    quantum = Decimal(1).scaleb(-digits)
    paid_d = _dec(paid).quantize(quantum, rounding=ROUND_HALF_UP)
    interest_d = _dec(interest).quantize(quantum, rounding=ROUND_HALF_UP)
    principal_d = _dec(principal).quantize(quantum, rounding=ROUND_HALF_UP)
    on_interest = min(paid_d, interest_d)
    on_principal = min(paid_d - on_interest, principal_d)
    return Imputation(
        interest_paid=float(on_interest),
        principal_paid=float(on_principal),
        interest_left=float(interest_d - on_interest),
        principal_left=float(principal_d - on_principal),
        excess=float(paid_d - on_interest - on_principal),
    )
