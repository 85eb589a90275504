from . import receivables_xlsx_statuses
from . import receivables_xlsx
from . import receivables_xlsx_summary
