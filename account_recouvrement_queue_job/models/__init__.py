from . import recouvrement_communication_send
from . import recouvrement_letter_batch
from . import recouvrement_run
