from . import recouvrement_dispute_wizard
from . import recouvrement_invoice_selection
