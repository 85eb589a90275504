from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    recouvrement_policy_id = fields.Many2one(
        comodel_name="recouvrement.policy",
        string="Default dunning policy",
        domain="[('company_id', '=', id)]",
    )

    @api.constrains("recouvrement_policy_id")
    def _check_recouvrement_policy_company(self):
        for company in self:
            policy = company.recouvrement_policy_id
            if policy and policy.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The dunning policy “%(policy)s” belongs to another company "
                        "(%(company)s).",
                        policy=policy.name,
                        company=policy.company_id.name,
                    )
                )
