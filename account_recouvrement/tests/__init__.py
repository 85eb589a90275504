from . import test_policy
from . import test_dunning_run
from . import test_communication
from . import test_letter
from . import test_tour
from . import test_charges
from . import test_receivables_xlsx
