from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date


class RecouvrementCaseCost(models.Model):
    """A cost of the procedure advanced by the creditor (court fees,
    commissaire de justice, lawyer), claimed in the statement."""

    _name = "recouvrement.case.cost"
    _description = "Litigation Case Cost"
    _order = "date, id"

    case_id = fields.Many2one(
        comodel_name="recouvrement.case",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="case_id.company_id",
        store=True,
        index=True,
    )
    currency_id = fields.Many2one(
        related="case_id.currency_id",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
    )
    name = fields.Char(
        string="Label",
        required=True,
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        required=True,
    )

    @api.constrains("amount", "date", "name")
    def _check_cost(self):
        today = fields.Date.context_today(self)
        for cost in self:
            if cost.currency_id.compare_amounts(cost.amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "A procedure cost must be positive (%(label)s).",
                        label=cost.name,
                    )
                )
            if cost.date > today:
                raise ValidationError(
                    self.env._(
                        "A procedure cost cannot be dated in the future (%(date)s).",
                        date=format_date(self.env, cost.date),
                    )
                )
            if not (cost.name or "").strip():
                raise ValidationError(self.env._("A procedure cost needs a label."))
