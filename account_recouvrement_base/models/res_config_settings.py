from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    recouvrement_policy_id = fields.Many2one(
        related="company_id.recouvrement_policy_id",
        readonly=False,
        string="Default dunning policy",
    )
    recouvrement_interest_account_id = fields.Many2one(
        related="company_id.recouvrement_interest_account_id",
        readonly=False,
    )
    recouvrement_indemnity_account_id = fields.Many2one(
        related="company_id.recouvrement_indemnity_account_id",
        readonly=False,
    )
    recouvrement_payment_term_cap = fields.Selection(
        related="company_id.recouvrement_payment_term_cap",
        readonly=False,
    )
    recouvrement_legal_form = fields.Char(
        related="company_id.recouvrement_legal_form",
        readonly=False,
    )
    recouvrement_signatory_name = fields.Char(
        related="company_id.recouvrement_signatory_name",
        readonly=False,
    )
    recouvrement_signatory_title = fields.Char(
        related="company_id.recouvrement_signatory_title",
        readonly=False,
    )
    recouvrement_postal_margin_days = fields.Integer(
        related="company_id.recouvrement_postal_margin_days",
        readonly=False,
    )
