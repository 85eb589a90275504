from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    recouvrement_plan_notice_days = fields.Integer(
        related="company_id.recouvrement_plan_notice_days",
        readonly=False,
    )
    recouvrement_plan_breach_days = fields.Integer(
        related="company_id.recouvrement_plan_breach_days",
        readonly=False,
    )
