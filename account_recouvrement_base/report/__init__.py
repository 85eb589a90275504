from . import recouvrement_letter
from . import recouvrement_letter_batch
