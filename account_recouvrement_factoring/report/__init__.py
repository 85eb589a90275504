from . import recouvrement_factor_bordereau
