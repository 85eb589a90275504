from . import recouvrement_claim
