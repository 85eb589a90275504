from . import receivables_xlsx
from . import receivables_xlsx_summary
