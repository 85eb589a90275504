from . import recouvrement_receivables_wizard
