from . import models
from . import report
from . import wizards
from . import demo
from .hooks import post_init_hook, pre_init_hook
