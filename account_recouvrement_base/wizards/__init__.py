from . import recouvrement_exclude_wizard
from . import recouvrement_postpone_wizard
from . import recouvrement_invoice_selection
from . import recouvrement_letter_print_wizard
