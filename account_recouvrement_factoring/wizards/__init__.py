from . import recouvrement_factor_statement_wizard
from . import recouvrement_factor_paid_wizard
