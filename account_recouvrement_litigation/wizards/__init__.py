from . import recouvrement_doubtful_payment_wizard
from . import recouvrement_case_wizard
