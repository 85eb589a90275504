from odoo import fields, models
from odoo.exceptions import UserError

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

    def _recouvrement_doubtful_account(self, kind):
        """The account of ``kind`` (a key of DOUBTFUL_ACCOUNT_CODES): the
        company's setting, else the chart's account found by its code.
        Raises a UserError naming the account when there is none."""
        self.ensure_one()
        setting = self[DOUBTFUL_ACCOUNT_FIELDS[kind]]
        if setting:
            return setting
        account = self._recouvrement_chart_account(DOUBTFUL_ACCOUNT_CODES[kind])
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
