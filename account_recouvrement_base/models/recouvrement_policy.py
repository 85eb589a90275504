from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.dunning import LevelSpec


class RecouvrementPolicy(models.Model):
    _name = "recouvrement.policy"
    _description = "Dunning Policy"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(
        required=True,
        translate=True,
    )
    sequence = fields.Integer(
        default=10,
    )
    active = fields.Boolean(
        default=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    level_ids = fields.One2many(
        comodel_name="recouvrement.level",
        inverse_name="policy_id",
        string="Levels",
        copy=True,
    )
    level_count = fields.Integer(
        string="Number of levels",
        compute="_compute_level_count",
    )
    tolerance_amount = fields.Monetary(
        string="Tolerance",
        currency_field="currency_id",
        default=1.0,
        help="Invoices whose open amount (in company currency) is at or below "
        "this amount are not chased.",
    )
    note = fields.Html(
        string="Notes",
    )

    _tolerance_positive = models.Constraint(
        "CHECK(tolerance_amount >= 0)",
        "The tolerance cannot be negative.",
    )

    @api.depends("level_ids")
    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

    @api.constrains("name")
    def _check_name(self):
        for policy in self:
            if not (policy.name or "").strip():
                raise ValidationError(self.env._("A dunning policy needs a name."))

    @api.constrains("level_ids")
    def _check_level_order(self):
        self.level_ids._check_delays()

    def _check_usable_by(self, company):
        """A company, or a customer within it, may only use its own policies."""
        for policy in self:
            if policy.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The dunning policy “%(policy)s” belongs to another company "
                        "(%(company)s).",
                        policy=policy.name,
                        company=policy.company_id.name,
                    )
                )

    def _get_tolerance(self, currency, date):
        """The tolerance in ``currency`` (it is set in the company's currency),
        converted at the rate of ``date``."""
        self.ensure_one()
        if currency == self.currency_id:
            return self.tolerance_amount
        return self.currency_id._convert(
            self.tolerance_amount, currency, self.company_id, date
        )

    def _get_sorted_levels(self):
        self.ensure_one()
        return self.level_ids.sorted(lambda lvl: (lvl.sequence, lvl.id))

    def _get_level_specs(self):
        """The policy's levels as ``LevelSpec`` (what ``lib.dunning`` needs),
        ordered by sequence."""
        self.ensure_one()
        return [
            LevelSpec(lvl.id, lvl.sequence, lvl.delay_days, lvl.min_interval_days)
            for lvl in self._get_sorted_levels()
        ]
