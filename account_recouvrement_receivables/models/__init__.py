from . import recouvrement_receivable_kpi
from . import recouvrement_receivable_weekly
from . import recouvrement_receivable_report
from . import recouvrement_receivable_analysis
