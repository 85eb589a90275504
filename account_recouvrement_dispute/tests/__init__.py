from . import test_dispute
from . import test_insolvency
from . import test_dispute_takers
from . import test_dispute_tour
from . import test_dispute_demo
