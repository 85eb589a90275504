from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

INSOLVENCY_STATES = [
    ("none", "None"),
    ("safeguard", "Safeguard (sauvegarde)"),
    ("receivership", "Receivership (redressement judiciaire)"),
    ("liquidation", "Liquidation (liquidation judiciaire)"),
]
CLAIM_ACTIVITY = "account_recouvrement_base.mail_activity_type_recouvrement_claim"
# C. com. R622-24: the claim is filed within two months of the publication of
# the judgement in the BODACC
CLAIM_FILING_MONTHS = 2

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

    # ------------------------------------------------------------------
    # Insolvency proceedings (procédure collective): from the judgement,
    # no reminder and no charge; the claim is filed with the mandataire
    # judiciaire within two months of the BODACC publication
    # ------------------------------------------------------------------

    recouvrement_insolvency_state = fields.Selection(
        selection=INSOLVENCY_STATES,
        string="Insolvency proceedings",
        default="none",
        required=True,
        tracking=True,
    )
    recouvrement_insolvency_date = fields.Date(
        string="Judgement date",
        tracking=True,
        help="Date of the judgement opening the proceedings: from that day the "
        "customer gets no reminder and no late-payment charge.",
    )
    recouvrement_bodacc_date = fields.Date(
        string="BODACC publication",
        tracking=True,
        help="Publication of the judgement in the BODACC: the claim is filed "
        "within two months of it (article R622-24 of the French Commercial Code).",
    )
    recouvrement_insolvency_administrator_id = fields.Many2one(
        comodel_name="res.partner",
        string="Mandataire judiciaire",
        help="The court-appointed creditors' representative the claim is sent to.",
    )
    recouvrement_claim_deadline = fields.Date(
        string="Claim to file by",
        compute="_compute_recouvrement_claim_deadline",
        store=True,
    )

    recouvrement_insolvency_banner = fields.Char(
        string="Insolvency banner",
        compute="_compute_recouvrement_insolvency_banner",
    )

    @api.depends(
        "recouvrement_insolvency_state",
        "recouvrement_insolvency_date",
        "recouvrement_claim_deadline",
    )
    def _compute_recouvrement_insolvency_banner(self):
        states = dict(
            self._fields["recouvrement_insolvency_state"]._description_selection(
                self.env
            )
        )
        for partner in self:
            if partner.recouvrement_insolvency_state == "none":
                partner.recouvrement_insolvency_banner = False
            elif partner.recouvrement_claim_deadline:
                partner.recouvrement_insolvency_banner = self.env._(
                    "%(proceedings)s since %(date)s: no reminder and no late-payment "
                    "charge; the claim is to be filed by %(deadline)s.",
                    proceedings=states[partner.recouvrement_insolvency_state],
                    date=format_date(self.env, partner.recouvrement_insolvency_date),
                    deadline=format_date(self.env, partner.recouvrement_claim_deadline),
                )
            else:
                partner.recouvrement_insolvency_banner = self.env._(
                    "%(proceedings)s since %(date)s: no reminder and no late-payment "
                    "charge; enter the BODACC publication date to know the deadline "
                    "for filing the claim.",
                    proceedings=states[partner.recouvrement_insolvency_state],
                    date=format_date(self.env, partner.recouvrement_insolvency_date),
                )

    @api.depends("recouvrement_bodacc_date")
    def _compute_recouvrement_claim_deadline(self):
        for partner in self:
            bodacc = partner.recouvrement_bodacc_date
            partner.recouvrement_claim_deadline = bodacc and bodacc + relativedelta(
                months=CLAIM_FILING_MONTHS
            )

    @api.constrains(
        "recouvrement_insolvency_state",
        "recouvrement_insolvency_date",
        "recouvrement_bodacc_date",
    )
    def _check_recouvrement_insolvency(self):
        today = fields.Date.context_today(self)
        for partner in self:
            state = partner.recouvrement_insolvency_state
            judgement = partner.recouvrement_insolvency_date
            bodacc = partner.recouvrement_bodacc_date
            if state != "none" and not judgement:
                raise ValidationError(
                    self.env._(
                        "Give the date of the judgement opening the proceedings."
                    )
                )
            if state == "none" and (judgement or bodacc):
                raise ValidationError(
                    self.env._(
                        "Choose the insolvency proceedings, or clear their dates."
                    )
                )
            if judgement and judgement > today:
                raise ValidationError(
                    self.env._("The judgement date cannot be in the future.")
                )
            if bodacc and judgement and bodacc < judgement:
                raise ValidationError(
                    self.env._("The BODACC publication cannot be before the judgement.")
                )

    def write(self, vals):
        result = super().write(vals)
        if {
            "recouvrement_insolvency_state",
            "recouvrement_insolvency_date",
            "recouvrement_bodacc_date",
        } & set(vals):
            self.filtered("recouvrement_insolvency_date")._recouvrement_on_insolvency()
        return result

    def _recouvrement_on_insolvency(self):
        """The reminders waiting to be sent are withdrawn, and the claim's
        filing is scheduled for the credit controller."""
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "in", self.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        activity_type = self.env.ref(CLAIM_ACTIVITY)
        for partner in self:
            self.env["recouvrement.communication"]._withdraw_invoices(
                moves.filtered(lambda move, p=partner: move.commercial_partner_id == p),
                self.env._(
                    "insolvency proceedings opened on %(date)s",
                    date=format_date(self.env, partner.recouvrement_insolvency_date),
                ),
            )
            if not partner.recouvrement_claim_deadline:
                continue
            activity = partner.activity_ids.filtered(
                lambda act: act.activity_type_id == activity_type
            )
            if activity:
                activity.date_deadline = partner.recouvrement_claim_deadline
                continue
            partner.activity_schedule(
                CLAIM_ACTIVITY,
                date_deadline=partner.recouvrement_claim_deadline,
                summary=self.env._(
                    "File the claim with the mandataire judiciaire by %(date)s",
                    date=format_date(self.env, partner.recouvrement_claim_deadline),
                ),
                user_id=self.env.user.id,
            )

    def action_recouvrement_print_claim(self):
        """The claim statement to send to the mandataire judiciaire."""
        return self.env.ref(
            "account_recouvrement_base.action_report_recouvrement_claim"
        ).report_action(self)

    def _recouvrement_insolvent_on(self, day):
        """Whether the customer is under insolvency proceedings on ``day``."""
        self.ensure_one()
        judgement = self.commercial_partner_id.recouvrement_insolvency_date
        return bool(judgement and judgement <= day)
