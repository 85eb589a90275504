from . import recouvrement_dispute_demo
