from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Plan comptable général: late interest is income from commercial receivables
# (7631); the recovery indemnity a penalty received on sales (7581), else 758
CHARGE_ACCOUNT_CODES = {
    "interest": ("7631", "763"),
    "indemnity": ("7581", "758"),
}

# Plan comptable général, doubtful receivables: the accounts found by their
# code in the company's chart when the settings leave them empty. l10n_fr
# creates 416000, 491000, 681740 (dotations aux dépréciations des créances),
# 781740 (reprises sur dépréciations des créances), 654100 and 654400
# (pertes sur créances irrécouvrables de l'exercice / des exercices antérieurs)
DOUBTFUL_ACCOUNT_CODES = {
    "doubtful": ("416",),
    "provision": ("491",),
    "provision_expense": ("68174", "6817"),
    "provision_income": ("78174", "7817"),
    "write_off": ("6541", "654"),
    "write_off_previous": ("6544", "654"),
}
DOUBTFUL_ACCOUNT_FIELDS = {
    "doubtful": "recouvrement_doubtful_account_id",
    "provision": "recouvrement_provision_account_id",
    "provision_expense": "recouvrement_provision_expense_account_id",
    "provision_income": "recouvrement_provision_income_account_id",
    "write_off": "recouvrement_write_off_account_id",
    "write_off_previous": "recouvrement_write_off_account_id",
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

    # doubtful receivables (PCG 416, 491, 6817, 7817, 654)
    recouvrement_doubtful_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Doubtful receivables account",
        check_company=True,
        help="The receivables of the invoices in litigation are moved there "
        "(incl. VAT). Empty: the chart's 416 (clients douteux ou litigieux).",
    )
    recouvrement_provision_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Provision account",
        check_company=True,
        help="Impairment of the doubtful receivables. Empty: the chart's 491.",
    )
    recouvrement_provision_expense_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Provision expense account",
        check_company=True,
        help="Dotations aux dépréciations des créances. Empty: the chart's "
        "68174, else 6817.",
    )
    recouvrement_provision_income_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Provision reversal account",
        check_company=True,
        help="Reprises sur dépréciations des créances. Empty: the chart's "
        "78174, else 7817.",
    )
    recouvrement_write_off_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Irrecoverable receivables account",
        check_company=True,
        help="Loss on the irrecoverable receivables (excl. VAT). Empty: the "
        "chart's 6541 for an invoice of the current fiscal year, 6544 for an "
        "older one.",
    )
    recouvrement_doubtful_journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Doubtful receivables journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the transfers to 416 and of the provisions. Empty: "
        "the company's first miscellaneous journal.",
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
        Account = self.env["account.account"].with_company(self)
        for prefix in CHARGE_ACCOUNT_CODES[kind]:
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

    def _recouvrement_doubtful_account(self, kind):
        """The account of ``kind`` (a key of DOUBTFUL_ACCOUNT_CODES): the
        company's setting, else the chart's account found by its code.
        Raises a UserError naming the account when there is none."""
        self.ensure_one()
        setting = self[DOUBTFUL_ACCOUNT_FIELDS[kind]]
        if setting:
            return setting
        Account = self.env["account.account"].with_company(self)
        for prefix in DOUBTFUL_ACCOUNT_CODES[kind]:
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
        labels = {
            "doubtful": self.env._("doubtful receivables (416)"),
            "provision": self.env._("provisions for doubtful receivables (491)"),
            "provision_expense": self.env._("provision expense (6817)"),
            "provision_income": self.env._("provision reversal (7817)"),
            "write_off": self.env._("irrecoverable receivables (654)"),
            "write_off_previous": self.env._("irrecoverable receivables (654)"),
        }
        raise UserError(
            self.env._(
                "The chart of accounts of %(company)s has no account for the "
                "%(account)s: create it or choose one in the Recouvrement settings.",
                company=self.name,
                account=labels[kind],
            )
        )

    def _recouvrement_doubtful_journal(self):
        """The journal of the doubtful receivables entries: the setting, else
        the company's first miscellaneous journal."""
        self.ensure_one()
        if self.recouvrement_doubtful_journal_id:
            return self.recouvrement_doubtful_journal_id
        Journal = self.env["account.journal"]
        journal = Journal.search(
            [*Journal._check_company_domain(self), ("type", "=", "general")],
            order="sequence, id",
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no miscellaneous journal for the doubtful "
                    "receivables entries: create one or choose a journal in the "
                    "Recouvrement settings.",
                    company=self.name,
                )
            )
        return journal
