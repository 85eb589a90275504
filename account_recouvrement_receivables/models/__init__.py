from . import recouvrement_receivable_report
from . import recouvrement_receivable_analysis
