from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    recouvrement_factor_contract_id = fields.Many2one(
        comodel_name="recouvrement.factor.contract",
        string="Factoring contract",
        company_dependent=True,
        domain="[('company_id', 'in', (current_company_id, False))]",
        help="The factor this customer's invoices are transferred to: they carry "
        "the subrogation mention and leave the company's dunning once "
        "transferred.",
    )
