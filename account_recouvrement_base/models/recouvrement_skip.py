from odoo import api, fields, models
from odoo.tools.misc import format_amount, format_date


class RecouvrementSkip(models.Model):
    """Why the last dunning run sent a customer no reminder although one was
    due: the customer's open credits cover what it would have claimed. One
    record per customer, company and currency, rewritten by each run (the
    latest run's view) and removed once a reminder is sent or the case no
    longer applies."""

    _name = "recouvrement.skip"
    _description = "Reminder Withheld by the Dunning Run"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
    )
    date = fields.Date(
        string="Run date",
        required=True,
    )
    amount_due = fields.Monetary(
        string="Amount due",
        currency_field="currency_id",
        help="What the reminder would have claimed before the credits.",
    )
    amount_credits = fields.Monetary(
        string="Open credits",
        currency_field="currency_id",
        help="The customer's open credit notes and unallocated payments.",
    )
    reason = fields.Text(
        compute="_compute_reason",
    )

    _customer_company_currency = models.Constraint(
        "UNIQUE(partner_id, company_id, currency_id)",
        "One withheld reminder per customer, company and currency.",
    )

    @api.depends("date", "amount_due", "amount_credits", "currency_id")
    @api.depends_context("lang")
    def _compute_reason(self):
        for skip in self:
            skip.reason = self.env._(
                "No reminder on %(date)s: the %(amount)s due is covered by "
                "%(credits)s of open credit notes and unallocated payments.",
                date=format_date(self.env, skip.date),
                amount=format_amount(self.env, skip.amount_due, skip.currency_id),
                credits=format_amount(self.env, skip.amount_credits, skip.currency_id),
            )

    @api.model
    def _record(self, date, company, skips, partners=None):
        """Make the company's records say what the run of ``date`` withheld,
        and nothing else: ``skips`` maps ``(partner_id, currency_id)`` to
        ``(amount_due, amount_credits)``. A record that already says the same
        is kept as it is (a second run of the day changes nothing). A run
        for some customers (``partners``) leaves the others' records."""
        skips = dict(skips)
        domain = [("company_id", "=", company.id)]
        if partners is not None:
            domain.append(("partner_id", "in", partners.commercial_partner_id.ids))
        existing = self.search(domain)
        stale = self.browse()
        for skip in existing:
            amounts = skips.get((skip.partner_id.id, skip.currency_id.id))
            if (
                amounts
                and skip.date == date
                and not skip.currency_id.compare_amounts(skip.amount_due, amounts[0])
                and not skip.currency_id.compare_amounts(
                    skip.amount_credits, amounts[1]
                )
            ):
                del skips[(skip.partner_id.id, skip.currency_id.id)]
            else:
                stale |= skip
        stale.unlink()
        if skips:
            self.create(
                [
                    {
                        "partner_id": partner_id,
                        "company_id": company.id,
                        "currency_id": currency_id,
                        "date": date,
                        "amount_due": amount_due,
                        "amount_credits": amount_credits,
                    }
                    for (partner_id, currency_id), (
                        amount_due,
                        amount_credits,
                    ) in skips.items()
                ]
            )

    @api.model
    def _clear_for(self, communications):
        """A reminder sent to a customer: what a run withheld before in that
        company and currency no longer stands."""
        keys = {
            (comm.partner_id.id, comm.company_id.id, comm.currency_id.id)
            for comm in communications
        }
        if not keys:
            return
        self.search(
            [
                ("partner_id", "in", list({key[0] for key in keys})),
                ("company_id", "in", list({key[1] for key in keys})),
            ]
        ).filtered(
            lambda skip: (
                (skip.partner_id.id, skip.company_id.id, skip.currency_id.id) in keys
            )
        ).unlink()
