from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    recouvrement_policy_id = fields.Many2one(
        related="company_id.recouvrement_policy_id",
        readonly=False,
        string="Default dunning policy",
    )
