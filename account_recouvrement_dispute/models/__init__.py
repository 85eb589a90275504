from . import recouvrement_dispute_reason
from . import recouvrement_dispute_workflow
from . import recouvrement_dispute
from . import account_move
from . import recouvrement_communication_line
from . import recouvrement_exclusion
from . import recouvrement_run
from . import res_partner
