from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    recouvrement_policy_id = fields.Many2one(
        comodel_name="recouvrement.policy",
        string="Dunning policy",
        company_dependent=True,
        domain="[('company_id', 'in', (current_company_id, False))]",
        help="Overrides the company's default dunning policy for this customer.",
    )

    @api.constrains("recouvrement_policy_id")
    def _check_recouvrement_policy_company(self):
        company = self.env.company
        for partner in self:
            policy = partner.recouvrement_policy_id
            if policy and policy.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The dunning policy “%(policy)s” belongs to another company "
                        "(%(company)s).",
                        policy=policy.name,
                        company=policy.company_id.name,
                    )
                )
