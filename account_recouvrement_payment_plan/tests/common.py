"""Shared fixtures of the payment plan tests: the core's, and helpers to
make, sign and follow plans on given days; other addons' tests reuse them."""

from datetime import date

from freezegun import freeze_time

from odoo import Command

from odoo.addons.account_recouvrement_base.tests.common import (  # noqa: F401
    RecouvrementCommon,
    pdf_text,
)


class PlanCommon(RecouvrementCommon):
    """Payment plans made, signed and followed on a day (the instalments'
    state depends on the day it is computed: each step is flushed on its own
    day)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["recouvrement.plan"]
        cls.Follow = cls.env["recouvrement.plan.follow"]

    def _plan(self, invoices, on=date(2026, 3, 5), **values):
        with freeze_time(on):
            plan = self.Plan.create(
                {
                    "move_ids": [Command.set(invoices.ids)],
                    "first_date": date(2026, 4, 15),
                    **values,
                }
            )
            self.env.flush_all()
        return plan

    def _activate(self, plan, on=date(2026, 3, 5), signed=None):
        with freeze_time(on):
            plan.action_activate(signed_date=signed or on)
            self.env.flush_all()

    def _follow(self, on):
        with freeze_time(on):
            result = self.Follow._follow(today=on)
            self.env.flush_all()
        return result

    def _pay_on(self, invoices, amount, on):
        with freeze_time(on):
            payment = self._register_payment(
                invoices, payment_date=on, **({"amount": amount} if amount else {})
            )
            self.env.flush_all()
        return payment

    def _plan_mails(self, plan):
        return self.env["mail.mail"].search(
            [("model", "=", plan._name), ("res_id", "=", plan.id)], order="id"
        )
