from . import recouvrement_plan_demo
