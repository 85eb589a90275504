from . import recouvrement_case_file
