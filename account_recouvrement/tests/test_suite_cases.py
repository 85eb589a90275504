"""The litigation cases with the disputes, the payment plans and the
factoring, as the installer puts them: no addon knows the others, each
answers the core's extension points (``account.move._recouvrement_check_free``,
``recouvrement_held`` and ``recouvrement.invoice.selection._open_domain``):
a case takes in no invoice that another record holds, until it lets go."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.account_recouvrement_dispute.tests.common import DisputeCommon
from odoo.addons.account_recouvrement_factoring.tests.common import FactorCommon
from odoo.addons.account_recouvrement_payment_plan.tests.common import PlanCommon


@tagged("post_install", "-at_install")
class TestSuiteCasesDisputes(DisputeCommon):
    def test_no_litigation_case_on_a_disputed_invoice(self):
        disputed = self._post_invoice(amount=900.0)
        other = self._post_invoice(amount=400.0)
        dispute = self._dispute(disputed, on=date(2026, 3, 5))
        self.assertTrue(disputed.recouvrement_held)
        self.assertFalse(other.recouvrement_held)
        Case = self.env["recouvrement.case"]
        cases = Case.search_count([])
        with freeze_time("2026-03-20"):
            with self.assertRefused(
                UserError, "is disputed .*settle the dispute before going to court"
            ):
                Case.create({"move_ids": [Command.set(disputed.ids)]}).action_open()
        self.assertEqual(Case.search_count([]), cases)
        # the case wizard, from the customer, leaves the disputed invoice out
        with freeze_time("2026-03-20"):
            wizard = Form(
                self.env["recouvrement.case.wizard"].with_context(
                    active_model="res.partner", active_ids=self.customer.ids
                )
            ).save()
        self.assertEqual(wizard.move_ids, other)
        # the dispute rejected, the invoice may go to court
        with freeze_time("2026-03-25"):
            dispute.action_reject()
            case = Case.create({"move_ids": [Command.set(disputed.ids)]})
            case.action_open()
        self.assertFalse(disputed.recouvrement_held)
        self.assertEqual(disputed.recouvrement_case_id, case)


@tagged("post_install", "-at_install")
class TestSuiteCasesPlans(PlanCommon):
    def test_case_refuses_an_invoice_under_an_active_plan(self):
        invoice = self._post_invoice(amount=900.0)
        plan = self._plan(invoice)
        self._activate(plan)
        Case = self.env["recouvrement.case"]
        with (
            freeze_time(date(2026, 3, 20)),
            self.assertRefused(
                UserError,
                f"{invoice.name} is under the active payment plan {plan.name}: "
                "it is taken in only once the plan is breached or cancelled",
            ),
        ):
            Case.create({"move_ids": [Command.set(invoice.ids)]}).action_open()
        self.assertFalse(Case.search([("move_ids", "in", invoice.ids)]))
        # the plan cancelled, the invoice may go to court
        plan.action_cancel()
        with freeze_time(date(2026, 3, 20)):
            case = Case.create({"move_ids": [Command.set(invoice.ids)]})
            case.action_open()
        self.assertEqual(case.state, "open")
        self.assertEqual(case.move_ids, invoice)

    def test_case_wizard_leaves_out_the_invoices_under_a_plan(self):
        planned = self._post_invoice(amount=900.0)
        other = self._post_invoice(amount=300.0)
        self._activate(self._plan(planned))
        with freeze_time(date(2026, 3, 20)):
            wizard = Form(
                self.env["recouvrement.case.wizard"].with_context(
                    active_model="res.partner", active_ids=self.customer.ids
                )
            )
            self.assertEqual(wizard.move_ids.ids, other.ids)


@tagged("post_install", "-at_install")
class TestSuiteCasesFactoring(FactorCommon):
    def test_no_case_on_a_document_in_a_batch(self):
        invoice = self._post_invoice(amount=600.0)
        batch = self._batch(invoice)
        Case = self.env["recouvrement.case"]
        cases = Case.search_count([])
        with freeze_time("2026-03-20"):
            with self.assertRefused(UserError, "handed over to the factor"):
                Case.create({"move_ids": [Command.set(invoice.ids)]})
        self.assertEqual(Case.search_count([]), cases)
        # once the batch is cancelled, the invoice is ours again
        batch.action_cancel()
        with freeze_time("2026-03-20"):
            case = Case.create({"move_ids": [Command.set(invoice.ids)]})
        self.assertEqual(case.move_ids, invoice)
