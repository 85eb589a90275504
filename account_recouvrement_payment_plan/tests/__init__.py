from . import test_plan
from . import test_plan_signatory
from . import test_plan_takers
from . import test_plan_tour
from . import test_plan_demo
