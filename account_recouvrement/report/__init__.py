from . import receivables_xlsx
