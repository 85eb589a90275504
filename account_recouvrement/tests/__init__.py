from . import test_aliases
