"""Litigation cases: the case and its stages, the invoices out of
the dunning, the procedure proposed, the statutory deadlines as activities,
the statement with a partial payment imputed on the interest first."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestCase(CaseCommon):
    # ------------------------------------------------------------------
    # Stages and opening
    # ------------------------------------------------------------------

    def test_stages_in_french_and_folded_closing(self):
        stages = self.env["recouvrement.stage"].search([])
        self.assertEqual(
            stages.mapped("name"),
            [
                "Mise en demeure",
                "Injonction de payer",
                "Procédure simplifiée (≤ 5 000 €)",
                "Référé-provision",
                "Assignation",
                "Exécution (commissaire de justice)",
                "Clos",
            ],
        )
        self.assertEqual(stages.filtered("fold"), self.stage_closed)
        self.assertEqual(stages.filtered("is_closed"), self.stage_closed)

    def test_open_case_takes_the_invoices_out_of_the_dunning(self):
        sued = self._post_invoice(amount=1000.0)
        sibling = self._post_invoice(amount=300.0)
        self._run(date(2026, 3, 12))
        pending = self._run(date(2026, 3, 27))
        self.assertEqual(pending.state, "to_review")
        self.assertEqual(pending.line_ids.move_id, sued | sibling)
        case = self._case(sued, on=date(2026, 3, 28), open_it=False)
        self.assertRegex(case.name, r"^CTX/2026/\d{4}$")
        self.assertEqual(case.state, "draft")
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.currency_id, self.company.currency_id)
        self.assertFalse(sued.recouvrement_excluded, "not before it is opened")
        with freeze_time("2026-03-28"):
            case.action_open()
        self.assertEqual(case.state, "open")
        self.assertEqual(case.stage_id, self.stage_notice)
        self.assertEqual(case.date_open, date(2026, 3, 28))
        self.assertEqual(sued.recouvrement_case_id, case)
        self.assertTrue(sued.recouvrement_excluded)
        exclusion = sued.recouvrement_exclusion_ids
        self.assertEqual(exclusion.source, "litigation")
        self.assertEqual(exclusion.origin_ref, case)
        # withdrawn from the reminder waiting for review
        self.assertEqual(pending.line_ids.move_id, sibling)
        pending.action_cancel()
        comm = self._run(date(2026, 4, 11))
        self.assertEqual(comm.line_ids.move_id, sibling)
        self.assertFalse(sued.recouvrement_next_date)
        # the kanban moves it through the stages
        case.stage_id = self.stage_injonction
        self.assertEqual(case.stage_id, self.stage_injonction)
        with self.assertRefused(UserError, "Close the case with its outcome"):
            case.stage_id = self.stage_closed
        self.assertEqual(case.stage_id, self.stage_injonction)

    def test_close_settled_chases_again_irrecoverable_stays_out(self):
        settled_invoice = self._post_invoice(amount=1000.0)
        lost_invoice = self._post_invoice(partner=self.customer_2, amount=500.0)
        settled = self._case(settled_invoice)
        lost = self._case(lost_invoice)
        with self.assertRefused(UserError, "not closed as irrecoverable"):
            lost._check_can_write_off()
        with self.assertRefused(UserError, "as recovered, settled or irrecoverable"):
            settled.action_close("won")
        self.assertEqual(settled.state, "open")
        with freeze_time("2026-04-02"):
            settled.action_close("settled")
            lost.with_context(recouvrement_outcome="irrecoverable").action_close()
        self.assertEqual(settled.stage_id, self.stage_closed)
        self.assertEqual(settled.outcome, "settled")
        self.assertEqual(settled.date_closed, date(2026, 4, 2))
        self.assertFalse(settled_invoice.recouvrement_excluded)
        self.assertTrue(lost_invoice.recouvrement_excluded)
        lost._check_can_write_off()
        with self.assertRefused(UserError, "is closed"):
            settled.action_close("recovered")
        with self.assertRefused(UserError, "stays closed"):
            settled.stage_id = self.stage_injonction
        self.assertEqual(settled.outcome, "settled")
        with self.assertRefused(UserError, "kept for the history"):
            settled.unlink()

    def test_bad_cases_are_refused(self):
        invoice = self._post_invoice(amount=1000.0)
        other_customer = self._post_invoice(partner=self.customer_2, amount=500.0)
        usd_invoice = self._post_invoice(
            amount=500.0, currency=self.setup_other_currency("USD")
        )
        paid = self._post_invoice(amount=400.0)
        self._pay(paid, 400.0, date(2026, 3, 1))
        draft = invoice.copy()
        count = self.Case.search_count([])
        with self.assertRefused(UserError, "Choose the invoices"):
            self.Case.create({"partner_id": self.customer.id})
        with self.assertRefused(UserError, "invoices of one customer"):
            self._case(invoice | other_customer)
        with self.assertRefused(UserError, "in one currency"):
            self._case(invoice | usd_invoice)
        with self.assertRefused(UserError, "nothing left to pay"):
            self._case(paid)
        with self.assertRefused(UserError, "posted customer invoices"):
            self._case(draft)
        self.assertEqual(self.Case.search_count([]), count)
        self.assertFalse(invoice.recouvrement_excluded)
        case = self._case(invoice)
        with self.assertRefused(UserError, "already in the litigation case"):
            self._case(invoice)
        for rate in (-1.0, 100.01, 150.0):
            with self.assertRefused(ValidationError, "between 0 and 100"):
                case.provision_rate = rate
        case.provision_rate = 50.0
        self.assertEqual(case.provision_rate, 50.0)
        with freeze_time("2026-04-20"):
            case.write(
                {"date_filed": date(2026, 3, 25), "date_order": date(2026, 4, 2)}
            )
            with self.assertRefused(ValidationError, "out of order"):
                case.date_served = date(2026, 4, 1)
            with self.assertRefused(ValidationError, "out of order"):
                case.date_order = date(2026, 3, 24)
            with self.assertRefused(ValidationError, "out of order"):
                case.date_judgement = date(2026, 3, 1)
            with self.assertRefused(ValidationError, "future date"):
                case.date_served = date(2026, 4, 21)
            with self.assertRefused(UserError, "only while it is a draft"):
                case.move_ids = [Command.link(other_customer.id)]
        self.assertFalse(case.date_served)
        self.assertEqual(case.date_order, date(2026, 4, 2))
        self.assertFalse(case.date_judgement)
        with self.assertRefused(ValidationError, "must be positive"):
            case.cost_ids = [Command.create({"name": "Greffe", "amount": 0.0})]
        self.assertFalse(case.cost_ids)

    def test_controller_opens_but_never_deletes_other_company_sees_nothing(self):
        user_group = self.env.ref("account_recouvrement_base.group_recouvrement_user")
        controller = self.env["res.users"].create(
            {
                "name": "Chargée de contentieux",
                "login": "case.controller@example.com",
                "group_ids": [Command.set(user_group.ids)],
                "company_ids": [Command.set(self.company.ids)],
                "company_id": self.company.id,
            }
        )
        other_company = self.env["res.company"].create({"name": "Autre société"})
        outsider = self.env["res.users"].create(
            {
                "name": "Contrôleur d'une autre société",
                "login": "case.outsider@example.com",
                "group_ids": [Command.set(user_group.ids)],
                "company_ids": [Command.set(other_company.ids)],
                "company_id": other_company.id,
            }
        )
        invoice = self._post_invoice(amount=1000.0)
        with freeze_time("2026-03-20"):
            case = self.Case.with_user(controller).create(
                {"move_ids": [Command.set(invoice.ids)]}
            )
            case.action_open()
            case.cost_ids = [Command.create({"name": "Greffe", "amount": 33.47})]
        self.assertEqual(case.state, "open")
        with self.assertRefused(AccessError):
            case.unlink()
        self.assertTrue(case.exists())
        self.assertFalse(
            self.Case.with_user(outsider).search([("id", "=", case.id)]),
            "a case of another company is not seen",
        )
        self.assertFalse(
            self.env["recouvrement.case.cost"]
            .with_user(outsider)
            .search([("case_id", "=", case.id)])
        )

    # ------------------------------------------------------------------
    # The right road
    # ------------------------------------------------------------------

    def test_procedure_proposed_from_the_claim_and_the_debtor(self):
        # 4,990.00 due 03/02: on 03/05, 3 days at 12.15 %: 4,990.00 × 12.15 %
        # × 3 / 365 = 4.98 → 4,994.98 ≤ 5,000: small claims
        invoice = self._post_invoice(amount=4990.0)
        with freeze_time("2026-03-05"):
            wizard = self._wizard("account.move", invoice, on=date(2026, 3, 5))
            self.assertEqual(wizard.amount_interest, 4.98)
            self.assertEqual(wizard.amount_claim, 4994.98)
            self.assertEqual(wizard.proposed_procedure, "small_claims")
            self.assertEqual(wizard.procedure, "small_claims")
        # on 03/31, 29 days: 4,990.00 × 12.15 % × 29 / 365 = 48.17 → 5,038.17:
        # injonction de payer before the tribunal de commerce (a company)
        with freeze_time("2026-03-31"):
            wizard = self._wizard("res.partner", self.customer, on=date(2026, 3, 31))
            self.assertEqual(wizard.move_ids, invoice)
            self.assertEqual(wizard.amount_claim, 5038.17)
            self.assertEqual(wizard.proposed_procedure, "injonction_commerce")
            # the user chooses another road
            wizard.procedure = "refere_provision"
            action = wizard.action_confirm()
        case = self.Case.browse(action["res_id"])
        self.assertEqual(case.procedure, "refere_provision")
        self.assertEqual(case.state, "open")
        # the case still shows the proposed road, one click away
        with freeze_time("2026-03-31"):
            case.invalidate_recordset()
            self.assertEqual(case.proposed_procedure, "injonction_commerce")
            case.action_apply_proposed_procedure()
        self.assertEqual(case.procedure, "injonction_commerce")
        # a consumer (no interest before the formal notice): tribunal judiciaire
        consumer_invoice = self._post_invoice(partner=self.consumer, amount=6000.0)
        with freeze_time("2026-03-31"):
            wizard = self._wizard(
                "account.move", consumer_invoice, on=date(2026, 3, 31)
            )
            self.assertEqual(wizard.debtor_type, "consumer")
            self.assertEqual(wizard.amount_claim, 6000.0)
            self.assertEqual(wizard.proposed_procedure, "injonction_judiciaire")

    def test_wizard_from_the_review_queue(self):
        invoice = self._post_invoice(amount=1000.0)
        self._run(date(2026, 3, 12))
        pending = self._run(date(2026, 3, 27))
        wizard = self._wizard(
            "recouvrement.communication", pending, on=date(2026, 3, 28)
        )
        self.assertEqual(wizard.move_ids, invoice)
        with freeze_time("2026-03-28"):
            case = self.Case.browse(wizard.action_confirm()["res_id"])
        self.assertEqual(case.move_ids, invoice)
        self.assertFalse(pending.line_ids)

    def test_last_level_proposes_to_pass_to_litigation(self):
        self.level_notice.propose_litigation = True
        invoice = self._post_invoice(amount=1000.0)
        self._run(date(2026, 3, 12))
        second = self._run(date(2026, 3, 27))
        self.assertFalse(second.activity_ids, "not at the second reminder")
        self._send(second, date(2026, 3, 27))
        notice = self._run(date(2026, 4, 11))
        self.assertEqual(notice.level_id, self.level_notice)
        self.assertTrue(notice.propose_litigation)
        proposal = notice.activity_ids
        self.assertEqual(
            proposal.activity_type_id,
            self.env.ref("account_recouvrement_base.mail_activity_type_case_proposal"),
        )
        self.assertEqual(proposal.date_deadline, date(2026, 4, 11))
        self.assertIn("open a litigation case?", proposal.summary)
        self.assertFalse(self.Case.search([("partner_id", "=", self.customer.id)]))
        # the controller decides: the notice is sent, then the case opened
        self._send(notice, date(2026, 4, 11))
        wizard = self._wizard(
            "recouvrement.communication", notice, on=date(2026, 4, 30)
        )
        self.assertEqual(wizard.move_ids, invoice)
        with freeze_time("2026-04-30"):
            case = self.Case.browse(wizard.action_confirm()["res_id"])
        self.assertEqual(invoice.recouvrement_case_id, case)
        # only the charges invoice billed with the notice is chased now
        later = self._run(date(2026, 5, 30))
        self.assertTrue(later.line_ids)
        self.assertNotIn(invoice, later.line_ids.move_id)

    # ------------------------------------------------------------------
    # Statutory deadlines
    # ------------------------------------------------------------------

    def test_deadlines_from_the_dates_typed_as_activities(self):
        invoice = self._post_invoice(amount=6000.0)
        case = self._case(invoice)
        self.assertFalse(case.activity_ids)
        with freeze_time("2026-04-20"):
            case.write(
                {"date_filed": date(2026, 3, 19), "date_order": date(2026, 3, 31)}
            )
        # CPC 1411: six months after the order
        self.assertEqual(case.service_deadline, date(2026, 9, 30))
        self.assertEqual(
            self._activities(case),
            {"mail_activity_type_case_service": date(2026, 9, 30)},
        )
        # filing interrupts the prescription (art. 2241): 5 years from 03/19
        self.assertEqual(invoice.recouvrement_acknowledgement_date, date(2026, 3, 19))
        self.assertEqual(case.prescription_date, date(2031, 3, 19))
        with freeze_time("2026-04-20"):
            case.date_order = date(2026, 3, 20)
        self.assertEqual(
            self._activities(case),
            {"mail_activity_type_case_service": date(2026, 9, 20)},
            "moved, not duplicated",
        )
        with freeze_time("2026-04-20"):
            case.date_served = date(2026, 4, 15)
        # CPC 1416: opposition within one month; CPC 1422: the formule
        # exécutoire asked within one month after that
        self.assertEqual(case.opposition_deadline, date(2026, 5, 15))
        self.assertEqual(case.enforcement_deadline, date(2026, 6, 15))
        self.assertEqual(
            self._activities(case),
            {
                "mail_activity_type_case_opposition": date(2026, 5, 15),
                "mail_activity_type_case_enforcement": date(2026, 6, 15),
            },
        )
        with freeze_time("2026-04-20"):
            case.date_served = date(2026, 4, 16)
        self.assertEqual(
            self._activities(case),
            {
                "mail_activity_type_case_opposition": date(2026, 5, 16),
                "mail_activity_type_case_enforcement": date(2026, 6, 16),
            },
        )
        overdue = [("milestone_overdue", "=", True)]
        with freeze_time("2026-06-16"):
            self.assertNotIn(case, self.Case.search(overdue))
        with freeze_time("2026-06-17"):
            self.assertIn(case, self.Case.search(overdue))
            self.assertTrue(case.milestone_overdue)
            case.date_enforcement_requested = date(2026, 6, 17)
            self.assertNotIn(case, self.Case.search(overdue))
        self.assertFalse(case.activity_ids)
        # a second case, its order never served
        other = self._case(self._post_invoice(partner=self.customer_2, amount=900.0))
        with freeze_time("2026-04-20"):
            other.date_order = date(2026, 4, 1)
        with freeze_time("2026-10-02"):
            self.assertIn(other, self.Case.search(overdue))
            other.action_close("irrecoverable")
            self.assertNotIn(other, self.Case.search(overdue))
        self.assertFalse(other.activity_ids)

    # ------------------------------------------------------------------
    # Statement
    # ------------------------------------------------------------------

    def test_statement_partial_payment_imputed_on_interest_first(self):
        invoice = self._post_invoice(amount=1000.0)
        case = self._case(invoice, on=date(2026, 3, 20))
        with freeze_time("2026-03-25"):
            case.cost_ids = [
                Command.create(
                    {"date": date(2026, 3, 25), "name": "Greffe", "amount": 50.0}
                )
            ]
        self._pay(invoice, 10.0, date(2026, 4, 1))
        with freeze_time("2026-04-30"):
            case.invalidate_recordset()
            statement = case._statement()
            # interest at 12.15 % (ECB 2.15 + 10): 1,000.00 from 03/03 to 04/01
            # (30 days) = 9.9863; 990.00 from 04/02 to 04/30 (29 days) = 9.5569
            # → 19.54
            self.assertEqual(case.amount_principal, 1000.0)
            self.assertEqual(case.amount_interest, 19.54)
            self.assertEqual(case.amount_indemnity, 40.0)
            self.assertEqual(case.amount_costs, 50.0)
            self.assertEqual(case.amount_recovered, 10.0)
            # the 10.00 paid go to the interest: 9.54 of it left, the
            # principal whole
            imputation = statement["imputation"]
            self.assertEqual(imputation.interest_paid, 10.0)
            self.assertEqual(imputation.interest_left, 9.54)
            self.assertEqual(imputation.principal_left, 1000.0)
            # 1,000.00 + 9.54 + 40.00 + 50.00
            self.assertEqual(case.amount_balance, 1099.54)
            self.assertEqual(statement["rows"][0]["move"], invoice)
            self.assertEqual(statement["rows"][0]["principal"], 1000.0)
            detail = str(case.statement_html)
            self.assertIn(invoice.name, detail)
            # one line per rate (the engine merges the periods of one rate)
            self.assertIn("03/03/2026 to 04/30/2026 at 12.15 %", detail)
