from . import test_case
from . import test_case_books
from . import test_case_file
from . import test_doubtful
from . import test_case_tour
from . import test_case_demo
