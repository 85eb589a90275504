from . import recouvrement_plan_letter
