"""The payment plans of the demo: three customers whose overdue invoices
are scheduled in three monthly instalments, one plan honoured, one late, one
breached. Runs after the core's demo, on its company: their dunning runs and
the plans' follow-up replayed for these customers only."""

import logging
from datetime import timedelta
from functools import partial

from dateutil.relativedelta import relativedelta

from odoo import Command, api, models

from odoo.addons.account_recouvrement_base.demo.recouvrement_demo import (
    DEMO_EMAIL_DOMAIN,
)

_logger = logging.getLogger(__name__)

MODULE = "account_recouvrement_payment_plan"

# Customers with an overdue invoice scheduled (xmlid suffix, values, invoices:
# days from today to the due date, untaxed amount, label). With the runs of
# the core's demo days and the follow-up after each:
#   plan honoured: Boucherie Lambert, two instalments paid on their due dates,
#   the last one due in 3 days (courtesy email today)
#   late instalment: Cave Rousseau, the second instalment unpaid beyond the 5
#   days of grace (reminder email today; breached in 15 days if still unpaid)
#   plan breached 15 days ago: Traiteur Fabre, its first instalment unpaid
#   after the reminder; its two invoices back in the dunning, formal notice to
#   review today, the notice of acceleration in an activity
DEMO_PLAN_CUSTOMERS = [
    (
        "demo_customer_lambert",
        {
            "name": "Boucherie Lambert",
            "street": "31 rue de la Liberté",
            "zip": "21000",
            "city": "Dijon",
            "email": f"boucherie.lambert@{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 3 80 30 42 17",
        },
        [(-75, 2400.0, "Chambre froide positive – 12 m³")],
    ),
    (
        "demo_customer_rousseau",
        {
            "name": "Cave Rousseau",
            "street": "6 place Plumereau",
            "zip": "37000",
            "city": "Tours",
            "email": f"contact@cave-rousseau.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 2 47 61 23 58",
        },
        [(-55, 3150.0, "Caves de vieillissement climatisées – 3 modules")],
    ),
    (
        "demo_customer_fabre",
        {
            "name": "Traiteur Fabre SARL",
            "street": "15 rue de l'Aiguillerie",
            "zip": "34000",
            "city": "Montpellier",
            "email": f"gestion@traiteur-fabre.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 4 67 60 71 94",
        },
        [
            (-80, 1750.0, "Fours mixtes – 2 unités"),
            (-70, 900.0, "Vaisselle de réception – 400 couverts"),
        ],
    ),
]
# their SIRET and VAT numbers (valid check digits)
DEMO_PLAN_CUSTOMER_IDS = {
    "demo_customer_lambert": ("63874375700012", "FR66638743757"),
    "demo_customer_rousseau": ("97323970000014", "FR03973239700"),
    "demo_customer_fabre": ("72605416600012", "FR59726054166"),
}
# Payment plans of 3 monthly instalments (issue #11) on the invoices of a
# customer (days to their due dates), made and signed on a day (from today),
# before that day's run or the next one. The first instalment falls due on a
# day, or ("last_due") so that the last one falls due on that day. The
# instalments "paid" (their numbers) are paid on their due dates.
DEMO_PLANS = [
    {
        # honoured: the last instalment due in 3 days, today's courtesy email
        "customer": "demo_customer_lambert",
        "invoices": [-75],
        "made": -61,
        "signed": -60,
        "last_due": 3,
        "paid": [1, 2],
    },
    {
        # late: the second instalment (a month after 38 days ago: 7 to 10 days
        # ago) unpaid beyond the 5 days of grace, reminded by today's follow-up
        "customer": "demo_customer_rousseau",
        "invoices": [-55],
        "made": -45,
        "signed": -44,
        "first_due": -38,
        "paid": [1],
    },
    {
        # breached: the first instalment (38 days ago) unpaid, reminded by the
        # follow-up of 30 days ago (beyond the grace), breached by the one of
        # 15 days ago; today's run sends the invoices their formal notice
        "customer": "demo_customer_fabre",
        "invoices": [-80, -70],
        "made": -48,
        "signed": -47,
        "first_due": -38,
        "paid": [],
    },
]
DEMO_PLAN_INSTALMENTS = 3
#: the external ids the demo's code gives (taken over from the core, where
#: they were made up to its 19.0.1.0.0)
DEMO_XMLIDS = tuple(xmlid for xmlid, _values, _invoices in DEMO_PLAN_CUSTOMERS)


class RecouvrementPlan(models.Model):
    _inherit = "recouvrement.plan"

    @api.model
    def _demo_generate(self):
        """The payment plans of the main company's demo. Called by the demo
        data; does nothing when their customers already exist (or the core's
        demo did not run)."""
        prepared = self.env["recouvrement.run"]._demo_addon_context(
            MODULE, DEMO_XMLIDS[0], "payment plan"
        )
        if prepared:
            env, company, journal, today = prepared
            self.with_env(env)._demo_plans(company, journal, today)

    @api.model
    def _demo_plans(self, company, journal, today):
        run = self.env["recouvrement.run"]
        specs = [
            (xmlid, days, amount, label)
            for xmlid, _values, invoices in DEMO_PLAN_CUSTOMERS
            for days, amount, label in invoices
        ]
        specs.sort(key=lambda spec: spec[1])  # issued in date order
        with run._demo_dated(today + timedelta(specs[0][1] - 30)):
            partners = run._demo_create_customers(
                company, DEMO_PLAN_CUSTOMERS, DEMO_PLAN_CUSTOMER_IDS, MODULE
            )
        invoices = run._demo_create_invoices(company, journal, partners, today, specs)
        events = []
        for spec in DEMO_PLANS:
            events += self._demo_plan_events(spec, invoices, today)
        customers = self.env["res.partner"].union(*partners.values())
        run._demo_replay(company, events, today, partners=customers)
        _logger.info(
            "Recouvrement payment plan demo: %d payment plans",
            self.env["recouvrement.plan"].search_count(
                [("company_id", "=", company.id)]
            ),
        )

    def _demo_plan_events(self, spec, invoices, today):
        """The plan made and signed on its day, then each instalment paid on
        its due date: (days from today, event)."""
        moves = self.env["account.move"].union(
            *(invoices[(spec["customer"], days)] for days in spec["invoices"])
        )
        if "last_due" in spec:
            first_date = (
                today
                + timedelta(spec["last_due"])
                - relativedelta(months=DEMO_PLAN_INSTALMENTS - 1)
            )
        else:
            first_date = today + timedelta(spec["first_due"])
        holder = {}
        events = [
            (
                spec["signed"],
                partial(self._demo_make_plan, holder, moves, spec, first_date, today),
            )
        ]
        for number in spec["paid"]:
            due = first_date + relativedelta(months=number - 1)
            events.append(
                ((due - today).days, partial(self._demo_pay_instalment, holder, number))
            )
        return events

    def _demo_make_plan(self, holder, moves, spec, first_date, today):
        """The plan made on its day (the administrator follows it) and
        signed: its invoices leave the dunning from the signature on."""
        signed = today + timedelta(spec["signed"])
        plan = self.env["recouvrement.plan"].create(
            {
                "move_ids": [Command.set(moves.ids)],
                "date": today + timedelta(spec["made"]),
                "installment_count": DEMO_PLAN_INSTALMENTS,
                "interval": "month",
                "first_date": first_date,
                "user_id": self.env.user.id,
            }
        )
        plan.action_activate(signed_date=signed)
        self._demo_plan_exclusions(plan).date_start = signed
        holder["plan"] = plan

    def _demo_pay_instalment(self, holder, number):
        """The ``number``-th instalment paid on its due date (on the plan's
        invoices, oldest first)."""
        plan = holder["plan"]
        line = plan.line_ids.sorted("sequence")[number - 1]
        amount = line.amount
        for move in plan.move_ids.sorted(lambda move: (move.invoice_date_due, move.id)):
            pay = min(amount, move.amount_residual)
            if plan.currency_id.compare_amounts(pay, 0) > 0:
                self.env["recouvrement.run"]._demo_pay(move, pay, line.date_due)
                amount = plan.currency_id.round(amount - pay)

    def _demo_plan_exclusions(self, plan):
        return (
            self.env["recouvrement.exclusion"]
            .with_context(active_test=False)
            .search([("origin_ref", "=", f"{plan._name},{plan.id}")])
        )

    @api.model
    def _demo_follow_plans(self, day):
        """The follow-up of the plans after the day's run, as the cron does;
        a plan breached that day dates its exclusions' end from it, and its
        emails count as delivered, as the reminders'."""
        result = self.env["recouvrement.plan.follow"]._follow(today=day)
        for plan in result["breached"]:
            self._demo_plan_exclusions(plan).date_end = day
        self.env["mail.mail"].search(
            [("model", "=", "recouvrement.plan"), ("state", "=", "outgoing")]
        ).write({"state": "sent"})
