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
CLAIM_ACTIVITY = "account_recouvrement_dispute.mail_activity_type_recouvrement_claim"
# C. com. R622-24: the claim is filed within two months of the publication of
# the judgement in the BODACC
CLAIM_FILING_MONTHS = 2


class ResPartner(models.Model):
    _inherit = "res.partner"

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
            "account_recouvrement_dispute.action_report_recouvrement_claim"
        ).report_action(self)

    def _recouvrement_insolvent_on(self, day):
        """Whether the customer is under insolvency proceedings on ``day``."""
        self.ensure_one()
        judgement = self.commercial_partner_id.recouvrement_insolvency_date
        return bool(judgement and judgement <= day)

    def _recouvrement_charges_stop_date(self):
        """The judgement opening insolvency proceedings stops the interest
        (C. com. L622-28) and the charges."""
        stop = super()._recouvrement_charges_stop_date()
        judgement = self.commercial_partner_id.recouvrement_insolvency_date
        return min(filter(None, (stop, judgement)), default=False)
