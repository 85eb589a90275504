from . import test_aliases
from . import test_suite_plans_factoring
