from . import recouvrement_invoice_selection
from . import recouvrement_plan_wizard
