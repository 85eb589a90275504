from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Plan comptable général: late interest is income from commercial receivables
# (7631); the recovery indemnity a penalty received on sales (7581), else 758
CHARGE_ACCOUNT_CODES = {
    "interest": ("7631", "763"),
    "indemnity": ("7581", "758"),
}


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
    recouvrement_interest_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Late interest account",
        check_company=True,
        help="Income account of the late-interest lines of the charges invoices. "
        "Empty: the chart's 7631 (income from commercial receivables).",
    )
    recouvrement_indemnity_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Recovery indemnity account",
        check_company=True,
        help="Income account of the 40 € indemnity lines of the charges "
        "invoices. Empty: the chart's 7581 (penalties received on sales), else 758.",
    )
    recouvrement_payment_term_cap = fields.Selection(
        selection=[
            ("60_days", "60 days from the invoice date"),
            ("45_days_eom", "45 days end of month"),
        ],
        string="Payment terms cap",
        default="60_days",
        required=True,
        help="C. com. L441-10 I: the longest payment term agreed between "
        "professionals; a longer term on an invoice is flagged.",
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

    # the letters: who writes them, and when the customer gets them
    recouvrement_legal_form = fields.Char(
        string="Legal form and share capital",
        help="Stated with the company's identity at the foot of the dunning "
        "letters, e.g. “SAS au capital de 50 000 €”.",
    )
    recouvrement_signatory_name = fields.Char(
        string="Letters signed by",
        help="Name of the person who signs the dunning letters. Empty: the "
        "user who sends each one (never the technical user of the daily run).",
    )
    recouvrement_signatory_title = fields.Char(
        string="Signatory's title",
        help="E.g. “Responsable du recouvrement”.",
    )
    recouvrement_postal_margin_days = fields.Integer(
        string="Postal delay (days)",
        default=3,
        help="Days added to the deadline of a letter sent by post, so that the "
        "customer has the level's full deadline once the letter is received.",
    )

    _prescription_positive = models.Constraint(
        "CHECK(recouvrement_prescription_years_pro > 0 "
        "AND recouvrement_prescription_years_consumer > 0 "
        "AND recouvrement_prescription_warning_days >= 0)",
        "Prescription periods must be positive.",
    )

    @api.constrains("recouvrement_postal_margin_days")
    def _check_recouvrement_postal_margin(self):
        for company in self:
            if not 0 <= company.recouvrement_postal_margin_days <= 30:
                raise ValidationError(
                    self.env._("The postal delay must be between 0 and 30 days.")
                )

    def _recouvrement_signatory(self, user):
        """(name, title) of who signs the company's collection letters and
        emails: its signatory when set, else ``user`` when a person, never a
        technical user (the daily run's); (False, False) when nobody."""
        self.ensure_one()
        if self.recouvrement_signatory_name:
            return self.recouvrement_signatory_name, self.recouvrement_signatory_title
        if user and user._is_internal() and not user._is_superuser():
            return user.name, user.partner_id.function or False
        return False, False

    @api.constrains("recouvrement_signatory_name", "recouvrement_signatory_title")
    def _check_recouvrement_signatory(self):
        for company in self:
            if (
                company.recouvrement_signatory_title
                and not (company.recouvrement_signatory_name or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Give the name of the letters' signatory along with "
                        "their title."
                    )
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
                "account_recouvrement_base.product_late_interest"
            )
        return self.recouvrement_indemnity_product_id or self.env.ref(
            "account_recouvrement_base.product_recovery_indemnity"
        )

    def _recouvrement_charge_account(self, kind):
        """The income account for ``kind`` ('interest' or 'indemnity'): the
        company's setting, else the French chart's account found by its code
        (an empty recordset when the chart has none: the product's account
        then applies)."""
        self.ensure_one()
        setting = (
            self.recouvrement_interest_account_id
            if kind == "interest"
            else self.recouvrement_indemnity_account_id
        )
        if setting:
            return setting
        return self._recouvrement_chart_account(CHARGE_ACCOUNT_CODES[kind])

    def _recouvrement_chart_account(self, prefixes):
        """The company's first active account whose code starts with one of
        ``prefixes``, tried in that order (an empty recordset when the chart
        has none)."""
        self.ensure_one()
        Account = self.env["account.account"].with_company(self)
        for prefix in prefixes:
            account = Account.search(
                [
                    *Account._check_company_domain(self),
                    ("code", "=like", f"{prefix}%"),
                    ("active", "=", True),
                ],
                order="code",
                limit=1,
            )
            if account:
                return account
        return Account
