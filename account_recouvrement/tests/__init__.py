from . import test_aliases
from . import test_suite_plans_factoring
from . import test_suite_disputes
from . import test_suite_cases
from . import test_suite_demo
