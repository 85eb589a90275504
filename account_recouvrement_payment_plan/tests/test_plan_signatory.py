"""The plan's letters and emails are signed as the reminders are: by the
company's collection signatory when one is set, else by the credit
controller who follows the plan."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PlanCommon, pdf_text

TEMPLATES = (
    "account_recouvrement_payment_plan.mail_template_plan_proposal",
    "account_recouvrement_payment_plan.mail_template_plan_notice",
    "account_recouvrement_payment_plan.mail_template_plan_reminder",
)


@tagged("post_install", "-at_install")
class TestPlanSignatory(PlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.controller = cls.env["res.users"].create(
            {
                "name": "Julien Perret",
                "login": "julien.perret",
                "email": "julien.perret@example.com",
                "company_id": cls.company.id,
                "company_ids": [(6, 0, cls.company.ids)],
                "group_ids": [
                    (
                        4,
                        cls.env.ref(
                            "account_recouvrement_base.group_recouvrement_user"
                        ).id,
                    )
                ],
            }
        )
        cls.controller.partner_id.function = "Chargé de recouvrement"

    def _bodies(self, plan):
        return [
            str(self.env.ref(xmlid)._render_field("body_html", plan.ids)[plan.id])
            for xmlid in TEMPLATES
        ]

    def test_signed_by_the_company_signatory(self):
        self.company.write(
            {
                "recouvrement_signatory_name": "Claire Morel",
                "recouvrement_signatory_title": "Responsable du recouvrement",
            }
        )
        plan = self._plan(self._post_invoice(amount=900.0), user_id=self.controller.id)
        self.assertEqual(plan.signatory_name, "Claire Morel")
        for body in self._bodies(plan):
            self.assertIn("Claire Morel", body)
            self.assertIn("Responsable du recouvrement", body)
            self.assertNotIn("Julien Perret", body)
        with freeze_time("2026-03-06"):
            plan.action_propose()
        text = pdf_text(plan.proposal_attachment_id.raw)
        self.assertIn("Claire Morel", text)
        self.assertNotIn("Julien Perret", text)

    def test_else_by_the_credit_controller(self):
        self.company.recouvrement_signatory_name = False
        plan = self._plan(self._post_invoice(amount=900.0), user_id=self.controller.id)
        self.assertEqual(plan.signatory_name, "Julien Perret")
        for body in self._bodies(plan):
            self.assertIn("Julien Perret", body)
            self.assertIn("Chargé de recouvrement", body)
        # the follow-up of the plan (the cron's user) signs as the controller
        self._activate(plan)
        self._follow(date(2026, 4, 12))
        notice = self._plan_mails(plan)[-1:]
        self.assertIn("Julien Perret", notice.body_html)
        # a plan nobody follows is signed by no technical user
        plan.user_id = self.env.ref("base.user_root")
        self.assertFalse(plan.signatory_name)
        for body in self._bodies(plan):
            self.assertNotIn("OdooBot", body)
