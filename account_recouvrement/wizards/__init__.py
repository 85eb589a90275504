from . import recouvrement_exclude_wizard
from . import recouvrement_postpone_wizard
from . import recouvrement_receivables_wizard
from . import recouvrement_dispute_wizard
from . import recouvrement_plan_wizard
from . import recouvrement_factor_statement_wizard
