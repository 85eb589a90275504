from . import recouvrement_factor_demo
