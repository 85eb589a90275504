"""Payment plans (issue #11): the schedule, the invoices out of the dunning
while the plan is honoured, the payments allocated to the instalments, the
reminders and the breach that returns the invoices to the dunning."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PlanCommon, pdf_text


@tagged("post_install", "-at_install")
class TestPlan(PlanCommon):
    def _figures(self, plan):
        return [
            (line.date_due, line.amount, line.amount_paid, line.state)
            for line in plan.line_ids.sorted("sequence")
        ]

    def _credit_note(self, invoice, amount, on):
        """A credit note of ``amount`` reconciled with ``invoice``."""
        with freeze_time(on):
            credit_note = self.env["account.move"].create(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "invoice_date": on,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Avoir",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            credit_note.action_post()
            (invoice.line_ids | credit_note.line_ids).filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            ).reconcile()
            self.env.flush_all()
        return credit_note

    # ------------------------------------------------------------------
    # Schedule
    # ------------------------------------------------------------------

    def test_schedule_of_the_invoices(self):
        invoice = self._post_invoice(amount=1000.0)
        plan = self._plan(invoice)
        self.assertRegex(plan.name, r"^ECH/2026/\d{4}$")
        self.assertEqual(plan.partner_id, self.customer)
        self.assertEqual(plan.currency_id, self.company.currency_id)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.amount_total, 1000.0)
        # 1,000.00 / 3 = 333.333…: 333.33 twice, 1,000.00 − 666.66 = 333.34
        self.assertEqual(
            self._figures(plan),
            [
                (date(2026, 4, 15), 333.33, 0.0, "open"),
                (date(2026, 5, 15), 333.33, 0.0, "open"),
                (date(2026, 6, 15), 333.34, 0.0, "open"),
            ],
        )
        self.assertFalse(plan.beyond_legal_term)

    def test_down_payment_and_month_ends(self):
        invoice = self._post_invoice(amount=1000.0, due=date(2026, 1, 10))
        plan = self._plan(
            invoice,
            on=date(2026, 1, 20),
            first_date=date(2026, 1, 31),
            down_payment=100.0,
        )
        # 100.00 down on 01/31, then (1,000.00 − 100.00) / 3 = 300.00 on the
        # last day of each month: 28 Feb (2026), 31 Mar, 30 Apr
        self.assertEqual(
            [(line.date_due, line.amount) for line in plan.line_ids],
            [
                (date(2026, 1, 31), 100.0),
                (date(2026, 2, 28), 300.0),
                (date(2026, 3, 31), 300.0),
                (date(2026, 4, 30), 300.0),
            ],
        )

    def test_weekly_plan_and_two_years_warning(self):
        invoice = self._post_invoice(amount=1000.0)
        plan = self._plan(invoice)
        plan.write(
            {"interval": "week", "installment_count": 4, "first_date": date(2026, 4, 6)}
        )
        with freeze_time("2026-03-05"):
            plan.action_compute_lines()
        # 1,000.00 / 4 = 250.00 every Monday from 04/06
        self.assertEqual(
            [(line.date_due, line.amount) for line in plan.line_ids],
            [
                (date(2026, 4, 6), 250.0),
                (date(2026, 4, 13), 250.0),
                (date(2026, 4, 20), 250.0),
                (date(2026, 4, 27), 250.0),
            ],
        )
        # 9 quarters from 04/06/2026: the last on 04/06/2028, more than two
        # years after 03/05/2026 (art. 1343-5 C. civ.): a warning, not a block
        plan.write({"interval": "quarter", "installment_count": 9})
        with freeze_time("2026-03-05"):
            plan.action_compute_lines()
        self.assertEqual(plan.end_date, date(2028, 4, 6))
        self.assertTrue(plan.beyond_legal_term)

    def test_lines_edited_by_hand_must_add_up(self):
        invoice = self._post_invoice(amount=1000.0)
        plan = self._plan(invoice)
        first, second, _third = plan.line_ids.sorted("sequence")
        # typed in the form's editable list
        with (
            freeze_time("2026-03-05"),
            Form(plan) as form,
            form.line_ids.edit(0) as line,
        ):
            line.amount = 500.0
        self.assertEqual(first.amount, 500.0)
        # 500.00 + 333.33 + 333.34 = 1,166.67
        self.assertEqual(
            plan.lines_warning,
            "The instalments add up to 1,166.67\xa0€, not to the amount scheduled "
            "(1,000.00\xa0€).",
        )
        with self.assertRefused(UserError, r"add up to .*1,166\.67"):
            plan.action_propose()
        self.assertEqual(plan.state, "draft")
        with self.assertRefused(UserError, "add up to"):
            plan.action_activate()
        self.assertEqual(plan.state, "draft")
        second.amount = 166.66
        # 500.00 + 166.66 + 333.34 = 1,000.00
        self._activate(plan)
        self.assertEqual(plan.state, "active")
        with self.assertRefused(UserError, "only while it is a draft"):
            first.amount = 400.0
        self.assertEqual(first.amount, 500.0)
        with self.assertRefused(UserError, "changed only while it is a draft"):
            plan.write({"installment_count": 5})

    # ------------------------------------------------------------------
    # Activation
    # ------------------------------------------------------------------

    def test_active_plan_keeps_its_invoices_out_of_the_dunning(self):
        planned = self._post_invoice(amount=1000.0)
        sibling = self._post_invoice(amount=300.0)
        self._run(date(2026, 3, 12))
        pending = self._run(date(2026, 3, 27))
        self.assertEqual(pending.state, "to_review")
        self.assertEqual(pending.line_ids.move_id, planned | sibling)
        plan = self._plan(planned, on=date(2026, 3, 28))
        self.assertFalse(planned.recouvrement_plan_id, "not before it is signed")
        self._activate(plan, on=date(2026, 3, 30), signed=date(2026, 3, 29))
        self.assertEqual(plan.signed_date, date(2026, 3, 29))
        self.assertEqual(planned.recouvrement_plan_id, plan)
        self.assertEqual(
            planned.recouvrement_plan_banner,
            f"Under the payment plan {plan.name} signed on 03/29/2026: this invoice "
            "is out of the dunning while the plan is honoured.",
        )
        self.assertTrue(planned.recouvrement_excluded)
        exclusion = planned.recouvrement_exclusion_ids
        self.assertEqual(exclusion.source, "payment_plan")
        self.assertEqual(exclusion.origin_ref, plan)
        # withdrawn from the reminder waiting for review
        self.assertEqual(pending.line_ids.move_id, sibling)
        # the signed plan acknowledges the debt: prescription from 03/29
        self.assertEqual(planned.recouvrement_acknowledgement_date, date(2026, 3, 29))
        self.assertEqual(planned.recouvrement_prescription_date, date(2031, 3, 29))
        pending.action_cancel()
        comm = self._run(date(2026, 4, 11))
        self.assertEqual(comm.line_ids.move_id, sibling)
        self.assertFalse(planned.recouvrement_next_date)

    def test_interest_suspended_while_the_plan_is_honoured(self):
        invoice = self._post_invoice(amount=1000.0)
        plan = self._plan(invoice)
        self._activate(plan)
        Charge = self.env["recouvrement.charge"]
        computed = Charge._compute_for_moves(invoice, date(2026, 4, 30))[invoice]
        self.assertEqual(computed["lines"], [])
        self.assertEqual(computed["indemnity"], 40.0)
        plan.suspend_interest = False
        invoice.invalidate_recordset()
        computed = Charge._compute_for_moves(invoice, date(2026, 4, 30))[invoice]
        # 03/03 to 04/30 = 59 days: 1,000.00 × 12.15 % × 59 / 365 = 19.64
        self.assertAlmostEqual(sum(line[3] for line in computed["lines"]), 19.64)

    def test_cancelled_active_plan_chases_again_at_the_level(self):
        invoice = self._post_invoice(amount=1000.0)
        self._run(date(2026, 3, 12))
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)
        plan = self._plan(invoice, on=date(2026, 3, 13))
        self._activate(plan, on=date(2026, 3, 13))
        plan.action_cancel()
        self.assertEqual(plan.state, "cancelled")
        self.assertFalse(invoice.recouvrement_plan_id)
        self.assertFalse(invoice.recouvrement_excluded)
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)

    def test_two_plans_on_one_invoice_only_one_active(self):
        invoice = self._post_invoice(amount=1000.0)
        first = self._plan(invoice)
        second = self._plan(invoice, installment_count=5)
        self._activate(first)
        with self.assertRefused(UserError, "already under the active payment plan"):
            self._activate(second)
        self.assertEqual(second.state, "draft")
        self.assertEqual(invoice.recouvrement_plan_id, first)
        # the unique index behind it: two transactions past the check at once
        # cannot both exclude the invoice for a plan
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["recouvrement.exclusion"].create(
                {
                    "move_id": invoice.id,
                    "reason": "Concurrent plan",
                    "source": "payment_plan",
                    "origin_ref": f"recouvrement.plan,{second.id}",
                }
            )

    # ------------------------------------------------------------------
    # Payments
    # ------------------------------------------------------------------

    def test_payments_go_to_the_instalments_oldest_first(self):
        first = self._post_invoice(amount=600.0)
        second = self._post_invoice(amount=400.0)
        other = self._post_invoice(amount=300.0)
        plan = self._plan(first | second)
        self._activate(plan)
        self.assertEqual(plan.amount_total, 1000.0)
        # the later invoice paid first, before any instalment is due: 400.00
        # = 333.33 to the first instalment and 66.67 to the second
        self._pay_on(second, 400.0, date(2026, 4, 1))
        self.assertEqual(
            self._figures(plan),
            [
                (date(2026, 4, 15), 333.33, 333.33, "paid"),
                (date(2026, 5, 15), 333.33, 66.67, "open"),
                (date(2026, 6, 15), 333.34, 0.0, "open"),
            ],
        )
        # a credit note of 100.00 on the other invoice: 166.67 paid on the
        # second instalment, 333.33 − 166.67 = 166.66 left
        self._credit_note(first, 100.0, date(2026, 5, 10))
        self.assertEqual(plan.amount_paid, 500.0)
        self.assertEqual(plan.line_ids.sorted("sequence")[1].amount_residual, 166.66)
        # nothing more by 05/20: the second instalment is late
        self._follow(date(2026, 5, 20))
        self.assertEqual(
            [line.state for line in plan.line_ids.sorted("sequence")],
            ["paid", "late", "open"],
        )
        self.assertEqual(plan.amount_late, 166.66)
        self.assertIn(plan, self.Plan.search([("line_ids.state", "=", "late")]))
        # one payment for the plan's invoice (500.00 left) and another one
        self._pay_on(first | other, None, date(2026, 5, 25))
        self.assertEqual(
            [line.state for line in plan.line_ids.sorted("sequence")], ["paid"] * 3
        )
        self.assertEqual(plan.amount_residual, 0.0)
        done = self._follow(date(2026, 5, 26))["done"]
        self.assertEqual(done, plan)
        self.assertEqual(plan.state, "done")
        self.assertFalse(first.recouvrement_excluded)
        self.assertFalse(first.recouvrement_plan_id)

    # ------------------------------------------------------------------
    # Reminders and breach
    # ------------------------------------------------------------------

    def test_notice_reminder_and_breach(self):
        invoice = self._post_invoice(amount=1000.0)
        plan = self._plan(invoice, first_date=date(2026, 4, 1))
        self._activate(plan)
        # courtesy notice 3 days before 04/01: on 03/29, not on 03/28
        self.assertFalse(self._follow(date(2026, 3, 28))["notified"])
        self.assertEqual(self._follow(date(2026, 3, 29))["notified"], plan)
        mails = self._plan_mails(plan)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertIn("333.33", mails.body_html)
        self.assertIn("04/01/2026", mails.body_html)
        first = plan.line_ids.sorted("sequence")[0]
        self.assertEqual(first.reminder_state, "notice")
        # never twice
        self.assertFalse(self._follow(date(2026, 3, 30))["notified"])
        self._pay_on(invoice, 333.33, date(2026, 4, 1))
        self.assertEqual(first.state, "paid")
        # the second instalment (05/01) is not paid: late from 05/02, reminded
        # once late beyond the 5 days of grace (05/01 + 5 = 05/06 < 05/07)
        self.assertEqual(self._follow(date(2026, 4, 28))["notified"], plan)
        self.assertFalse(self._follow(date(2026, 5, 6))["reminded"])
        second = plan.line_ids.sorted("sequence")[1]
        self.assertEqual(second.state, "late")
        self.assertEqual(self._follow(date(2026, 5, 7))["reminded"], plan)
        reminder = self._plan_mails(plan)[-1]
        self.assertIn("333.33", reminder.body_html)
        self.assertIn("05/01/2026", reminder.body_html)
        self.assertEqual(second.reminder_state, "reminder")
        self.assertEqual(second.reminder_date, date(2026, 5, 7))
        self.assertFalse(self._follow(date(2026, 5, 8))["reminded"])
        self.assertEqual(len(self._plan_mails(plan)), 3)
        # breached 15 days after the reminder: 05/22, not 05/21
        self.assertFalse(self._follow(date(2026, 5, 21))["breached"])
        self.assertEqual(self._follow(date(2026, 5, 22))["breached"], plan)
        self.assertEqual(plan.state, "breached")
        self.assertEqual(plan.breach_date, date(2026, 5, 22))
        self.assertFalse(invoice.recouvrement_excluded)
        # back one level before the formal notice
        self.assertEqual(invoice.recouvrement_level_id, self.level_second)
        activity = plan.activity_ids
        self.assertEqual(activity.user_id, self.env.user)
        self.assertEqual(activity.attachment_ids, plan.breach_attachment_id)
        text = pdf_text(plan.breach_attachment_id.raw)
        # 1,000.00 − 333.33 = 666.67 due at once
        self.assertIn("666.67", text)
        self.assertIn(invoice.name, text)
        self.assertIn("05/01/2026", text)
        self.assertIn("05/07/2026", text)
        # the next run sends the formal notice, late from the invoice's own
        # due date: 05/23 − 03/02 = 82 days
        comm = self._run(date(2026, 5, 23))
        self.assertEqual(comm.level_id, self.level_notice)
        self.assertEqual(comm.line_ids.move_id, invoice)
        self.assertEqual(comm.line_ids.days_late, 82)
        self.assertEqual(comm.amount_residual, 666.67)

    def test_daily_cron_follows_the_plans(self):
        invoice = self._post_invoice(amount=1000.0)
        plan = self._plan(invoice, first_date=date(2026, 4, 1))
        self._activate(plan)
        self._pay_on(invoice, 1000.0, date(2026, 3, 20))
        # the cron commits its progress: not in a test (time left: unlimited,
        # as outside a cron)
        with (
            patch.object(
                type(self.env["ir.cron"]),
                "_commit_progress",
                lambda *a, **k: float("inf"),
            ),
            freeze_time("2026-03-21"),
        ):
            self.env["recouvrement.run"]._cron_run_dunning()
        self.assertEqual(plan.state, "done")

    def test_follow_up_queries_do_not_grow_with_the_plans(self):
        """Nothing falls due: the follow-up selects with a fixed number of
        queries whatever the number of active plans."""

        def follow_queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._follow(date(2026, 3, 20))
            return self.env.cr.sql_log_count - before

        for _i in range(2):
            self._activate(self._plan(self._post_invoice(amount=1000.0)))
        with_two = follow_queries()
        for _i in range(5):
            self._activate(self._plan(self._post_invoice(amount=1000.0)))
        self.assertEqual(follow_queries(), with_two)

    # ------------------------------------------------------------------
    # Proposal
    # ------------------------------------------------------------------

    def test_proposal_letter_and_email(self):
        invoice = self._post_invoice(amount=1000.0)
        plan = self._plan(invoice)
        with freeze_time("2026-03-06"):
            action = plan.action_propose()
        self.assertEqual(plan.state, "proposed")
        self.assertEqual(plan.proposal_date, date(2026, 3, 6))
        text = pdf_text(plan.proposal_attachment_id.raw)
        self.assertIn("PAYMENT PLAN PROPOSAL", text)
        self.assertIn("Boulangerie Martin acknowledges owing", text)
        self.assertIn("1,000.00", text)
        self.assertIn(invoice.name, text)
        for figure in ("04/15/2026", "05/15/2026", "06/15/2026", "333.33", "333.34"):
            self.assertIn(figure, text)
        self.assertIn("15 days after a reminder", text)
        self.assertIn("article 2240", text)
        self.assertIn("“Agreed”", text)
        self.assertIn("Paris, March 6, 2026", text)
        self.assertIn("FR76 3000 6000 0112 3456 7890 189", text)
        self.assertIn(plan.proposal_attachment_id, plan.message_ids.attachment_ids)
        # Odoo's composer, the letter attached
        composer = (
            self.env["mail.compose.message"]
            .with_context(**action["context"])
            .create({})
        )
        composer._action_send_mail()
        mail = self._plan_mails(plan)[-1]
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("1,000.00", mail.body_html)
        self.assertIn(
            plan.proposal_attachment_id.name, mail.attachment_ids.mapped("name")
        )
        # back to draft for other terms, then signed
        plan.action_draft()
        self.assertEqual(plan.state, "draft")
        with self.assertRefused(UserError, "kept for the history"):
            plan.unlink()

    # ------------------------------------------------------------------
    # Wizard
    # ------------------------------------------------------------------

    def _wizard(self, model, records, on=date(2026, 3, 20)):
        with freeze_time(on):
            return (
                self.env["recouvrement.plan.wizard"]
                .with_context(active_model=model, active_ids=records.ids)
                .create({"first_date": date(2026, 4, 15)})
            )

    def test_wizard_preselects_the_overdue_invoices(self):
        overdue = self._post_invoice(amount=1000.0)
        not_due = self._post_invoice(amount=200.0, due=date(2026, 5, 1))
        charges = self._post_invoice(amount=40.0)
        charges.recouvrement_is_charge = True
        self._post_invoice(partner=self.customer_2, amount=700.0)
        usd = self.setup_other_currency("USD")
        self._post_invoice(amount=900.0, currency=usd)
        # from one invoice: the customer's overdue invoices in its currency and
        # the charges billed, not the invoice not due yet (nor a disputed one:
        # the installer's tests, with the disputes)
        wizard = self._wizard("account.move", overdue)
        self.assertEqual(wizard.move_ids, overdue | charges)
        self.assertEqual(wizard.amount_total, 1040.0)
        wizard.include_charges = False
        wizard._onchange_include_charges()
        self.assertEqual(wizard.move_ids, overdue)
        # selected invoices: those, and the charges
        wizard = self._wizard("account.move", overdue | not_due)
        self.assertEqual(wizard.move_ids, overdue | not_due | charges)
        # from the customer
        wizard = self._wizard("res.partner", self.customer)
        self.assertEqual(wizard.move_ids, overdue | charges)
        with freeze_time("2026-03-20"):
            action = wizard.action_confirm()
        plan = self.Plan.browse(action["res_id"])
        # 1,000.00 + 40.00 = 1,040.00 in 3: 346.67, 346.67, 346.66
        self.assertEqual(plan.amount_total, 1040.0)
        self.assertEqual(plan.line_ids.mapped("amount"), [346.67, 346.67, 346.66])
        # from a reminder: its invoices still open
        self._run(date(2026, 3, 12))
        comm = self.env["recouvrement.communication"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("currency_id", "=", self.company.currency_id.id),
            ]
        )
        wizard = self._wizard("recouvrement.communication", comm)
        self.assertEqual(wizard.move_ids, comm.line_ids.move_id | charges)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------

    def test_bad_plans_are_refused(self):
        invoice = self._post_invoice(amount=1000.0)
        other_customer = self._post_invoice(partner=self.customer_2, amount=500.0)
        usd_invoice = self._post_invoice(
            amount=500.0, currency=self.setup_other_currency("USD")
        )
        paid = self._post_invoice(amount=400.0)
        self._pay(paid, 400.0, date(2026, 3, 1))
        draft = invoice.copy()
        count = self.Plan.search_count([])
        with self.assertRefused(UserError, "Choose the invoices"):
            self.Plan.create({"partner_id": self.customer.id, "amount_total": 10.0})
        with self.assertRefused(UserError, "invoices of one customer"):
            self._plan(invoice | other_customer)
        with self.assertRefused(UserError, "in one currency"):
            self._plan(invoice | usd_invoice)
        with self.assertRefused(UserError, "is paid"):
            self._plan(paid)
        with self.assertRefused(UserError, "posted customer invoices"):
            self._plan(draft)
        with self.assertRefused(ValidationError, "at least one instalment"):
            self._plan(invoice, installment_count=0)
        with self.assertRefused(ValidationError, "down payment must be less"):
            self._plan(invoice, down_payment=1000.0)
        with self.assertRefused(ValidationError, "down payment must be less"):
            self._plan(invoice, down_payment=-10.0)
        with self.assertRefused(ValidationError, "before the plan is made"):
            self._plan(invoice, first_date=date(2026, 3, 4))
        with self.assertRefused(UserError, "too many"):
            # 1,000.00 in 200,000 instalments: less than a cent each
            self._plan(invoice, installment_count=200000)
        self.assertEqual(self.Plan.search_count([]), count)
        self.assertFalse(invoice.recouvrement_excluded)
        plan = self._plan(invoice)
        with self.assertRefused(ValidationError, "must be positive"):
            plan.line_ids[0].amount = 0.0
        with self.assertRefused(UserError, "future date"):
            self._activate(plan, on=date(2026, 3, 10), signed=date(2026, 3, 11))
        with self.assertRefused(UserError, "before it was made"):
            self._activate(plan, on=date(2026, 3, 10), signed=date(2026, 3, 4))
        self.assertEqual(plan.state, "draft")
        self.assertFalse(invoice.recouvrement_excluded)
        self.assertFalse(invoice.recouvrement_acknowledgement_date)
        # a payment since the schedule: recompute before proposing
        self._pay_on(invoice, 100.0, date(2026, 3, 6))
        with self.assertRefused(UserError, "recompute the schedule"):
            plan.action_propose()
        plan.action_compute_lines()
        self.assertEqual(plan.amount_total, 900.0)
        self._activate(plan)
        with self.assertRefused(UserError, "already under the active payment plan"):
            self._plan(invoice)
        with self.assertRefused(UserError, "kept for the history"):
            plan.sudo().unlink()
        self.assertTrue(plan.exists())
        wizard = self._wizard("res.partner", self.customer_2)
        wizard.move_ids = False
        with self.assertRefused(UserError, "Choose the invoices"):
            wizard.action_confirm()

    def test_controller_creates_but_never_deletes(self):
        controller = self.env["res.users"].create(
            {
                "name": "Chargée de recouvrement",
                "login": "plan.controller@example.com",
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref(
                                "account_recouvrement_base.group_recouvrement_user"
                            ).id
                        ]
                    )
                ],
                "company_ids": [Command.set(self.company.ids)],
                "company_id": self.company.id,
            }
        )
        invoice = self._post_invoice(amount=1000.0)
        with freeze_time("2026-03-05"):
            plan = (
                self.Plan.with_user(controller)
                .create(
                    {
                        "move_ids": [Command.set(invoice.ids)],
                        "first_date": date(2026, 4, 15),
                    }
                )
                .with_user(controller)
            )
            plan.action_compute_lines()
        with self.assertRefused(AccessError):
            plan.unlink()
        self.assertTrue(plan.exists())
