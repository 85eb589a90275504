from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

DOCUMENT_TYPES = ("out_invoice", "out_refund")
FILE_FORMATS = [
    ("bpce", "BPCE Factor (fixed width, 275 characters)"),
    ("eurofactor", "Eurofactor (semicolon-separated)"),
    ("csv", "Generic CSV"),
]
# default accounts of a contract, by code prefix in the French chart (PCG)
DEFAULT_ACCOUNT_PREFIXES = {
    "factor_account_id": "467",
    "reserve_account_id": "467",
    "commission_account_id": "6225",
    "commission_tax_account_id": "44566",
}


class RecouvrementFactorContract(models.Model):
    """A factoring contract (contrat d'affacturage): the factor buys the
    receivables of the customers attached to it, collects them, and finances
    the company against a commission and a guarantee reserve."""

    _name = "recouvrement.factor.contract"
    _description = "Factoring Contract"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(
        required=True,
        tracking=True,
    )
    active = fields.Boolean(
        default=True,
    )
    factor_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Factor",
        required=True,
        tracking=True,
        help="The factoring company that buys the receivables.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        help="Only documents in this currency are transferred under the contract.",
    )
    client_code = fields.Char(
        string="Client code",
        required=True,
        tracking=True,
        help="The company's number at the factor, written in its files.",
    )
    file_format = fields.Selection(
        selection=FILE_FORMATS,
        required=True,
        default="bpce",
        help="The layout of the remittance file the factor reads (see the "
        "module's readme for every field).",
    )
    journal_id = fields.Many2one(
        comodel_name="account.journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'general')]",
        default=lambda self: self._default_journal(),
        help="Where the transfers to the factor are booked.",
    )
    factor_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Factor account",
        required=True,
        check_company=True,
        default=lambda self: self._default_account("factor_account_id"),
        help="The 467 sub-account of the factor: debited with the receivables "
        "transferred, credited with the factor's financing.",
    )
    reserve_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Reserve account",
        required=True,
        check_company=True,
        default=lambda self: self._default_account("reserve_account_id"),
        help="The 467 sub-account of the guarantee reserve the factor keeps back.",
    )
    commission_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Commission account",
        required=True,
        check_company=True,
        default=lambda self: self._default_account("commission_account_id"),
        help="The expense account of the factor's commission (6225).",
    )
    commission_tax_account_id = fields.Many2one(
        comodel_name="account.account",
        string="VAT on commission account",
        required=True,
        check_company=True,
        default=lambda self: self._default_account("commission_tax_account_id"),
        help="Deductible VAT on the factor's commission (44566).",
    )
    commission_rate = fields.Float(
        string="Commission (%)",
        digits=(5, 3),
        help="The factor's commission on the amounts financed, excluding VAT.",
    )
    reserve_rate = fields.Float(
        string="Reserve (%)",
        digits=(5, 3),
        help="The share of the amounts transferred the factor keeps as a "
        "guarantee reserve.",
    )
    bank_account_id = fields.Many2one(
        comodel_name="res.partner.bank",
        string="Factor's bank account",
        domain="[('partner_id', '=', factor_partner_id)]",
        help="Printed on the invoices of the factored customers instead of the "
        "company's.",
    )
    subrogation_text = fields.Text(
        string="Subrogation mention",
        translate=True,
        default=lambda self: self._default_subrogation_text(),
        help="Printed on the invoices of the factored customers; %(factor)s is "
        "replaced by the factor's name.",
    )
    partner_ids = fields.One2many(
        comodel_name="res.partner",
        compute="_compute_partner_ids",
        string="Customers",
    )
    batch_ids = fields.One2many(
        comodel_name="recouvrement.factor.batch",
        inverse_name="contract_id",
        string="Batches",
    )

    _check_rates = models.Constraint(
        "CHECK (commission_rate >= 0 AND commission_rate < 100 "
        "AND reserve_rate >= 0 AND reserve_rate < 100)",
        "The commission and the reserve are percentages between 0 and 100.",
    )

    def _default_journal(self):
        return self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.env.company),
                ("type", "=", "general"),
            ],
            limit=1,
        )

    @api.model
    def _default_account(self, field_name, company=None):
        """The first account of the company's chart whose code starts with the
        French chart's prefix of ``field_name``; empty when there is none."""
        company = company or self.env.company
        return self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(company),
                ("code", "=like", DEFAULT_ACCOUNT_PREFIXES[field_name] + "%"),
                ("active", "=", True),
            ],
            order="code",
            limit=1,
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            company = self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id
            )
            missing = []
            for field_name, prefix in DEFAULT_ACCOUNT_PREFIXES.items():
                if vals.get(field_name):
                    continue
                account = self._default_account(field_name, company)
                if not account:
                    missing.append(f"{self._fields[field_name].string} ({prefix})")
                vals[field_name] = account.id
            if missing:
                raise UserError(
                    self.env._(
                        "The chart of accounts of %(company)s has no account for "
                        "%(accounts)s: create it, or choose one on the factoring "
                        "contract.",
                        company=company.name,
                        accounts=", ".join(missing),
                    )
                )
        return super().create(vals_list)

    def _default_subrogation_text(self):
        return self.env._(
            "To be valid, your payment must be made to %(factor)s, to which "
            "this receivable has been transferred by subrogation (art. 1346-1 "
            "of the Civil Code): %(factor)s must be told of any claim.",
            factor="%(factor)s",
        )

    def _compute_partner_ids(self):
        Partner = self.env["res.partner"].with_context(active_test=False)
        for contract in self:
            contract.partner_ids = Partner.with_company(contract.company_id).search(
                [("recouvrement_factor_contract_id", "=", contract.id)]
            )

    def _bank_mention(self):
        """The factor's bank account, as printed on the invoices."""
        self.ensure_one()
        bank = self.bank_account_id
        if not bank:
            return ""
        number = "".join((bank.acc_number or "").split())
        iban = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        if bank.bank_bic:
            return self.env._(
                "Pay to %(factor)s: IBAN %(iban)s, BIC %(bic)s",
                factor=self.factor_partner_id.name,
                iban=iban,
                bic=bank.bank_bic,
            )
        return self.env._(
            "Pay to %(factor)s: IBAN %(iban)s",
            factor=self.factor_partner_id.name,
            iban=iban,
        )

    def _subrogation_mention(self):
        """The subrogation mention of the invoices, in the reader's language."""
        self.ensure_one()
        text = self.subrogation_text or self._default_subrogation_text()
        try:
            return text % {"factor": self.factor_partner_id.name}
        except (KeyError, ValueError, TypeError):
            return text

    def _eligible_sql(self, date_to):
        """The ids of the documents a batch of this contract may take, in one
        query: posted invoices and credit notes of the contract's customers,
        in its currency and company, unpaid, in no batch, held by no other
        record of the suite (``account.move._recouvrement_free_sql``: not
        disputed, in no payment plan nor litigation case)."""
        self.ensure_one()
        contract = self
        company = contract.company_id
        partner_contract = (
            self.env["res.partner"]
            .with_company(company)
            ._field_to_sql("rp", "recouvrement_factor_contract_id")
        )
        return SQL(
            """
            SELECT am.id
              FROM account_move am
              JOIN res_partner rp ON rp.id = am.commercial_partner_id
             WHERE am.company_id = %(company)s
               AND am.currency_id = %(currency)s
               AND am.state = 'posted'
               AND am.move_type IN %(types)s
               AND am.payment_state = 'not_paid'
               AND am.invoice_date <= %(date_to)s
               AND am.recouvrement_factor_batch_id IS NULL
               AND %(free)s
               AND %(partner_contract)s = %(contract)s
             ORDER BY am.invoice_date, am.name, am.id
            """,
            company=company.id,
            currency=contract.currency_id.id,
            types=DOCUMENT_TYPES,
            date_to=date_to,
            free=SQL(" AND ").join(self.env["account.move"]._recouvrement_free_sql()),
            partner_contract=partner_contract,
            contract=contract.id,
        )
