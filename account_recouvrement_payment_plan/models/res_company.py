from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    recouvrement_plan_notice_days = fields.Integer(
        string="Payment plan notice (days)",
        default=3,
        help="A courtesy email this many days before each instalment of a "
        "payment plan; 0: none.",
    )
    recouvrement_plan_breach_days = fields.Integer(
        string="Payment plan breach (days)",
        default=15,
        help="Days after the reminder of a late instalment before the plan is "
        "breached and the whole balance falls due (déchéance du terme).",
    )

    @api.constrains("recouvrement_plan_notice_days", "recouvrement_plan_breach_days")
    def _check_recouvrement_plan_days(self):
        for company in self:
            if not 0 <= company.recouvrement_plan_notice_days <= 60:
                raise ValidationError(
                    self.env._(
                        "The notice before an instalment must be between 0 and 60 days."
                    )
                )
            if not 1 <= company.recouvrement_plan_breach_days <= 90:
                raise ValidationError(
                    self.env._(
                        "The delay before a payment plan is breached must be "
                        "between 1 and 90 days."
                    )
                )
