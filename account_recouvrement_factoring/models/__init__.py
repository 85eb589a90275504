from . import recouvrement_exclusion
from . import recouvrement_factor_contract
from . import recouvrement_factor_file
from . import recouvrement_factor_booking
from . import recouvrement_factor_batch
from . import account_move
from . import res_partner
from . import recouvrement_run
