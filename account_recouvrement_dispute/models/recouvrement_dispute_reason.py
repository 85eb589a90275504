from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_DEADLINE_DAYS = 30


class RecouvrementDisputeReason(models.Model):
    _name = "recouvrement.dispute.reason"
    _description = "Dispute Reason"
    _order = "sequence, id"

    name = fields.Char(
        required=True,
        translate=True,
    )
    sequence = fields.Integer(
        default=10,
    )
    deadline_days = fields.Integer(
        string="Days to resolve",
        default=DEFAULT_DEADLINE_DAYS,
        help="The deadline proposed for a dispute of this reason, in days from "
        "its opening.",
    )
    active = fields.Boolean(
        default=True,
    )

    @api.constrains("name", "deadline_days")
    def _check_reason(self):
        for reason in self:
            if not (reason.name or "").strip():
                raise ValidationError(self.env._("A dispute reason needs a name."))
            if not 1 <= reason.deadline_days <= 365:
                raise ValidationError(
                    self.env._(
                        "The days to resolve a dispute must be between 1 and 365."
                    )
                )
