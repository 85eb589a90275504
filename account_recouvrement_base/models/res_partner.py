from odoo import api, fields, models

DEBTOR_TYPES = [
    ("professional", "Professional"),
    ("consumer", "Consumer"),
    ("public_body", "Public body"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    recouvrement_policy_id = fields.Many2one(
        comodel_name="recouvrement.policy",
        string="Dunning policy",
        company_dependent=True,
        domain="[('company_id', 'in', (current_company_id, False))]",
        help="Overrides the company's default dunning policy for this customer.",
    )
    recouvrement_debtor_type = fields.Selection(
        selection=DEBTOR_TYPES,
        string="Debtor type",
        compute="_compute_recouvrement_debtor_type",
        store=True,
        readonly=False,
        help="Professionals owe late interest (ECB rate + 10 points or the "
        "contract's rate) and the 40 € indemnity; public bodies the ECB rate of "
        "the half-year when the interest began + 8 points, and the indemnity; "
        "consumers the legal rate only, from the receipt of the formal notice. "
        "By default, a company or a contact with a VAT number or a company ID "
        "(sole traders) is a professional.",
    )
    recouvrement_contract_rate = fields.Float(
        string="Contractual late rate (%)",
        digits=(6, 3),
        help="Annual late-payment rate stated in the contract. Empty: the legal "
        "default (ECB rate + 10 points for professionals).",
    )
    recouvrement_contract_rate_warning = fields.Char(
        string="Contract rate warning",
        compute="_compute_recouvrement_contract_rate_warning",
    )
    recouvrement_no_charges = fields.Boolean(
        string="No late-payment charges",
        help="Never bill late interest or the indemnity to this customer.",
    )
    recouvrement_skip_ids = fields.One2many(
        comodel_name="recouvrement.skip",
        inverse_name="partner_id",
        string="Reminders withheld",
        readonly=True,
    )
    recouvrement_skip_date = fields.Date(
        string="Reminder withheld on",
        compute="_compute_recouvrement_skip",
        help="The last dunning run that sent this customer no reminder because "
        "its open credits cover the amount due.",
    )
    recouvrement_skip_reason = fields.Text(
        string="Why no reminder",
        compute="_compute_recouvrement_skip",
    )

    _contract_rate_positive = models.Constraint(
        "CHECK(recouvrement_contract_rate >= 0)",
        "A late-payment rate cannot be negative.",
    )

    @api.depends(
        "is_company",
        "vat",
        "company_registry",
        "commercial_partner_id.is_company",
        "commercial_partner_id.vat",
        "commercial_partner_id.company_registry",
    )
    def _compute_recouvrement_debtor_type(self):
        for partner in self:
            if partner.commercial_partner_id != partner:
                partner.recouvrement_debtor_type = (
                    partner.commercial_partner_id.recouvrement_debtor_type
                )
            elif partner.is_company or partner.vat or partner.company_registry:
                # a sole trader is a professional
                partner.recouvrement_debtor_type = "professional"
            else:
                partner.recouvrement_debtor_type = "consumer"

    @api.depends(
        "commercial_partner_id.recouvrement_skip_ids.reason",
        "commercial_partner_id.recouvrement_skip_ids.date",
    )
    @api.depends_context("company", "lang")
    def _compute_recouvrement_skip(self):
        """What the last run withheld in the current company (one line per
        currency)."""
        for partner in self:
            skips = partner.commercial_partner_id.recouvrement_skip_ids.filtered(
                lambda skip: skip.company_id == self.env.company
            )
            partner.recouvrement_skip_date = max(skips.mapped("date"), default=False)
            reasons = skips.mapped("reason")
            partner.recouvrement_skip_reason = "\n".join(reasons) if reasons else False

    @api.constrains("recouvrement_policy_id")
    def _check_recouvrement_policy_company(self):
        for partner in self:
            partner.recouvrement_policy_id._check_usable_by(self.env.company)

    @api.depends("recouvrement_contract_rate", "recouvrement_debtor_type")
    def _compute_recouvrement_contract_rate_warning(self):
        """C. com. L441-10: a contractual rate may not be below 3 × the legal
        rate. A lower rate stays as the contract states it; the charges apply
        the floor half-year by half-year, and the form says so."""
        today = fields.Date.context_today(self)
        legal = self.env["recouvrement.rate"]._get_rate(
            "legal_other", today, latest=True
        )
        for partner in self:
            rate = partner.recouvrement_contract_rate
            warning = False
            if (
                rate
                and partner.recouvrement_debtor_type == "professional"
                and legal is not None
                and rate < 3 * legal
            ):
                warning = self.env._(
                    "The contractual late rate (%(rate)s %%) is below the legal "
                    "floor of 3 × the legal interest rate (3 × %(legal)s %% = "
                    "%(floor)s %% today): the charges apply the floor of each "
                    "half-year instead.",
                    rate=rate,
                    legal=legal,
                    floor=round(3 * legal, 3),
                )
            partner.recouvrement_contract_rate_warning = warning

    def _recouvrement_charges_stop_date(self):
        """The day from which no late interest runs on the customer's
        invoices and no charge is billed any more (``False``: none). The
        core stops none; an addon whose records stop the charges (the
        judgement opening insolvency proceedings) returns its date, the
        earliest of its own and ``super()``'s."""
        self.ensure_one()
        return False

    def _recouvrement_charges_stopped_on(self, day):
        """Whether no charge is billed to the customer on ``day``."""
        self.ensure_one()
        stop = self.commercial_partner_id._recouvrement_charges_stop_date()
        return bool(stop and stop <= day)
