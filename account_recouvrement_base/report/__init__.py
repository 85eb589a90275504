from . import recouvrement_letter
from . import recouvrement_case_file
from . import recouvrement_letter_batch
