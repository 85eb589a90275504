from . import recouvrement_litigation_demo
