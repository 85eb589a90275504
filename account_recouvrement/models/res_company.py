from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    recouvrement_policy_id = fields.Many2one(
        comodel_name="recouvrement.policy",
        string="Default dunning policy",
        domain="[('company_id', '=', id)]",
    )
    recouvrement_interest_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Late interest product",
        help="Product of the late-interest lines of the charges invoices.",
    )
    recouvrement_indemnity_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Recovery indemnity product",
        help="Product of the 40 € indemnity lines of the charges invoices.",
    )
    recouvrement_prescription_years_pro = fields.Integer(
        string="Prescription, professionals (years)",
        default=5,
        help="C. com. L110-4: 5 years between merchants.",
    )
    recouvrement_prescription_years_consumer = fields.Integer(
        string="Prescription, consumers (years)",
        default=2,
        help="C. conso. L218-2: 2 years for a professional against a consumer.",
    )
    recouvrement_prescription_warning_days = fields.Integer(
        string="Prescription warning (days)",
        default=90,
    )

    _prescription_positive = models.Constraint(
        "CHECK(recouvrement_prescription_years_pro > 0 "
        "AND recouvrement_prescription_years_consumer > 0 "
        "AND recouvrement_prescription_warning_days >= 0)",
        "Prescription periods must be positive.",
    )

    @api.constrains("recouvrement_policy_id")
    def _check_recouvrement_policy_company(self):
        for company in self:
            company.recouvrement_policy_id._check_usable_by(company)

    def _recouvrement_charge_product(self, kind):
        """The product for ``kind`` ('interest' or 'indemnity'): the company's
        setting, else the module's default."""
        self.ensure_one()
        if kind == "interest":
            return self.recouvrement_interest_product_id or self.env.ref(
                "account_recouvrement.product_late_interest"
            )
        return self.recouvrement_indemnity_product_id or self.env.ref(
            "account_recouvrement.product_recovery_indemnity"
        )
