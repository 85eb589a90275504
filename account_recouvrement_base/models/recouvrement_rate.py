from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..lib.interest import RatePeriod, half_year_bounds

RATE_TYPES = [
    ("ecb", "ECB main refinancing rate"),
    ("legal_individual", "Legal rate (creditor an individual)"),
    ("legal_other", "Legal rate (other cases)"),
]


class RecouvrementRate(models.Model):
    """A dated rate table: one rate per type and half-year, no overlap, no gap."""

    _name = "recouvrement.rate"
    _description = "Late-payment reference rate"
    _order = "rate_type, date_from desc"

    rate_type = fields.Selection(
        selection=RATE_TYPES,
        string="Rate",
        required=True,
    )
    date_from = fields.Date(
        string="From",
        required=True,
    )
    date_to = fields.Date(
        string="To",
        required=True,
    )
    rate = fields.Float(
        string="Rate (%)",
        required=True,
        digits=(6, 3),
    )
    note = fields.Char(
        string="Source",
        help="Where the figure comes from (Banque de France, Journal officiel…).",
    )
    verified = fields.Boolean(
        default=True,
        help="Checked against its official source. A half-year added by "
        "“Add the next half-year” starts unverified: no charge is billed at "
        "that rate until a manager checks the published figure.",
    )

    _rate_positive = models.Constraint(
        "CHECK(rate >= 0)",
        "A rate cannot be negative.",
    )
    _dates_ordered = models.Constraint(
        "CHECK(date_to >= date_from)",
        "A rate period must end after it starts.",
    )

    @api.depends("rate_type", "date_from", "date_to", "rate")
    def _compute_display_name(self):
        labels = dict(self._fields["rate_type"]._description_selection(self.env))
        for rate in self:
            label = labels.get(rate.rate_type, "")
            rate.display_name = (
                f"{label} {rate.date_from} – {rate.date_to}: {rate.rate} %"
            )

    @api.constrains("rate_type", "date_from", "date_to")
    def _check_contiguous(self):
        """No overlap and no gap between the periods of one rate type."""
        for rate_type in set(self.mapped("rate_type")):
            periods = self.search([("rate_type", "=", rate_type)], order="date_from")
            for previous, current in zip(periods, periods[1:], strict=False):
                if current.date_from <= previous.date_to:
                    raise ValidationError(
                        self.env._(
                            "The rate periods %(a)s and %(b)s overlap.",
                            a=previous.display_name,
                            b=current.display_name,
                        )
                    )
                if current.date_from != previous.date_to + timedelta(days=1):
                    raise ValidationError(
                        self.env._(
                            "There is a gap between the rate periods %(a)s and %(b)s.",
                            a=previous.display_name,
                            b=current.display_name,
                        )
                    )

    @api.model
    def _get_periods(self, rate_type, date_from, date_to, add=0.0):
        """``RatePeriod`` list covering the dates, ``add`` points added."""
        rates = self.search(
            [
                ("rate_type", "=", rate_type),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            order="date_from",
        )
        unverified = rates.filtered(lambda r: not r.verified)[:1]
        if unverified:
            raise UserError(
                self.env._(
                    "The rate “%(rate)s” of the half-year from %(date_from)s to "
                    "%(date_to)s has not been verified: check it against its "
                    "official source and mark it verified under Recouvrement > "
                    "Configuration > Late-payment rates.",
                    rate=dict(
                        self._fields["rate_type"]._description_selection(self.env)
                    )[unverified.rate_type],
                    date_from=format_date(self.env, unverified.date_from),
                    date_to=format_date(self.env, unverified.date_to),
                )
            )
        return [RatePeriod(r.date_from, r.date_to, r.rate + add) for r in rates]

    @api.model
    def _get_rate(self, rate_type, day, latest=False):
        """The rate in force on ``day``; with ``latest``, the last one known
        when the table does not reach that day yet."""
        domain = [("rate_type", "=", rate_type), ("date_from", "<=", day)]
        if not latest:
            domain.append(("date_to", ">=", day))
        rate = self.search(domain, order="date_from desc", limit=1)
        return rate.rate if rate else None

    @api.model
    def action_add_next_half_year(self):
        """Add the next half-year of every rate type, at the last known rate,
        unverified: the manager corrects it with the published figure, then
        marks it verified."""
        created = self.browse()
        for rate_type, _label in RATE_TYPES:
            last = self.search(
                [("rate_type", "=", rate_type)], order="date_to desc", limit=1
            )
            if not last:
                raise UserError(
                    self.env._(
                        "Enter a first period for each rate before adding the next one."
                    )
                )
            start = last.date_to + timedelta(days=1)
            date_from, date_to = half_year_bounds(start)
            created |= self.create(
                {
                    "rate_type": rate_type,
                    "date_from": start,
                    "date_to": date_to,
                    "rate": last.rate,
                    "note": self.env._("Copied from the previous half-year: check it."),
                    "verified": False,
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "list",
            "domain": [("id", "in", created.ids)],
            "name": self.env._("New half-year"),
        }
