"""A customer under insolvency proceedings: no reminder and no charge from the
judgement on, and a claim statement for the mandataire judiciaire (issue
#12)."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RecouvrementCommon, pdf_text

CLAIM_REPORT = "account_recouvrement_dispute.action_report_recouvrement_claim"


@tagged("post_install", "-at_install")
class TestInsolvency(RecouvrementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mandataire = cls.env["res.partner"].create(
            {
                "name": "SELARL Mandataires Associés",
                "street": "5 quai Jules Courmont",
                "zip": "69002",
                "city": "Lyon",
            }
        )

    def _open_proceedings(self, judgement, bodacc=None, on=None, state="receivership"):
        with freeze_time(on or judgement):
            self.customer.write(
                {
                    "recouvrement_insolvency_state": state,
                    "recouvrement_insolvency_date": judgement,
                    "recouvrement_bodacc_date": bodacc,
                    "recouvrement_insolvency_administrator_id": self.mandataire.id,
                }
            )

    def test_no_reminder_from_the_judgement(self):
        self._post_invoice(amount=1000.0)
        other = self._post_invoice(partner=self.customer_2, amount=700.0)
        self._run(date(2026, 3, 12))
        pending = self._run(date(2026, 3, 27))
        self.assertEqual(len(pending), 2)
        mine = pending.filtered(lambda comm: comm.partner_id == self.customer)
        self._open_proceedings(date(2026, 3, 28))
        # its reminder waiting for review is withdrawn, the other customer's stays
        self.assertEqual(mine.state, "cancelled")
        self.assertEqual((pending - mine).state, "to_review")
        (pending - mine).action_cancel()
        comm = self._run(date(2026, 4, 11))
        self.assertEqual(comm.partner_id, self.customer_2)
        self.assertEqual(comm.line_ids.move_id, other)

    def test_interest_stops_at_the_judgement(self):
        invoice = self._post_invoice(amount=1000.0)
        self._open_proceedings(date(2026, 4, 1))
        computed = self.env["recouvrement.charge"]._compute_for_moves(
            invoice, date(2026, 5, 1)
        )[invoice]
        # 04/01 - 03/02 = 30 days, not 60: 1,000.00 × 12.15 % × 30 / 365 = 9.99
        self.assertEqual(computed["date_to"], date(2026, 4, 1))
        self.assertAlmostEqual(sum(line[3] for line in computed["lines"]), 9.99)

    def test_no_charge_billed_after_the_judgement(self):
        self._post_invoice(amount=1000.0)
        self._run(date(2026, 3, 12))
        self._run(date(2026, 3, 27)).action_send()
        notice = self._run(date(2026, 4, 11))
        with freeze_time("2026-04-11"):
            self.customer.write(
                {
                    "recouvrement_insolvency_state": "safeguard",
                    "recouvrement_insolvency_date": date(2026, 4, 10),
                }
            )
        self.assertEqual(notice.state, "cancelled")
        charges = self.env["recouvrement.charge"]._bill(
            notice, notice.line_ids.move_id, date(2026, 4, 11)
        )
        self.assertFalse(charges)
        self.assertFalse(
            self.env["recouvrement.charge"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )

    def test_claim_filing_activity(self):
        self._open_proceedings(date(2026, 4, 1), bodacc=date(2026, 4, 10))
        # R622-24: two months from the BODACC publication
        self.assertEqual(self.customer.recouvrement_claim_deadline, date(2026, 6, 10))
        activity = self.customer.activity_ids.filtered(
            lambda act: (
                act.activity_type_id
                == self.env.ref(
                    "account_recouvrement_dispute.mail_activity_type_recouvrement_claim"
                )
            )
        )
        self.assertEqual(activity.date_deadline, date(2026, 6, 10))

    def test_claim_statement(self):
        """Judgement of 04/01: invoice A (1,000.00 due 03/02) is due, with its
        interest up to the judgement and the indemnity; invoice B (500.00
        issued 03/15, due 05/31) falls due later, principal only."""
        first = self._post_invoice(amount=1000.0)
        later = self._post_invoice(
            amount=500.0, invoice_date=date(2026, 3, 15), due=date(2026, 5, 31)
        )
        self._post_invoice(
            amount=300.0, invoice_date=date(2026, 4, 2), due=date(2026, 5, 2)
        )  # after the judgement: not declared
        self._open_proceedings(
            date(2026, 4, 1), bodacc=date(2026, 4, 10), on=date(2026, 4, 15)
        )
        with freeze_time("2026-04-15"):
            pdf, _ = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(self.env.ref(CLAIM_REPORT), self.customer.ids)
            )
        text = pdf_text(pdf)
        self.assertIn("DÉCLARATION DE CRÉANCE", text)
        self.assertIn("SELARL Mandataires Associés", text)
        self.assertIn(first.name, text)
        self.assertIn(later.name, text)
        self.assertNotIn("INV/2026/00003", text)
        # A: 04/01 - 03/02 = 30 days, 1,000.00 × 12.15 % × 30 / 365 = 9.99
        # total: 1,000.00 + 500.00 + 9.99 + 40.00 = 1,549.99, of which
        # 1,000.00 + 9.99 + 40.00 = 1,049.99 due and 500.00 falling due
        self.assertRegex(
            text,
            r"for the sum of \S*\s?1,549\.99\s?\S*\s?, of which \S*\s?1,049\.99\s?\S* "
            r"fell due before the judgement and \S*\s?500\.00\s?\S* falls due later",
        )
        self.assertRegex(text, first.name + r" .* Due \S*\s?1,000\.00 .*9\.99 .*40\.00")
        self.assertRegex(text, later.name + r" .* Falling due \S*\s?500\.00")
        self.assertIn("article L622-28", text)

    def test_bad_proceedings_are_refused(self):
        with freeze_time("2026-04-15"):
            with self.assertRefused(ValidationError, "date of the judgement"):
                self.customer.recouvrement_insolvency_state = "liquidation"
            with self.assertRefused(ValidationError, "cannot be in the future"):
                self.customer.write(
                    {
                        "recouvrement_insolvency_state": "liquidation",
                        "recouvrement_insolvency_date": date(2026, 4, 16),
                    }
                )
            with self.assertRefused(ValidationError, "BODACC publication cannot be"):
                self.customer.write(
                    {
                        "recouvrement_insolvency_state": "liquidation",
                        "recouvrement_insolvency_date": date(2026, 4, 10),
                        "recouvrement_bodacc_date": date(2026, 4, 9),
                    }
                )
            with self.assertRefused(ValidationError, "clear their dates"):
                self.customer.recouvrement_insolvency_date = date(2026, 4, 10)
        self.assertEqual(self.customer.recouvrement_insolvency_state, "none")
        self.assertFalse(self.customer.recouvrement_insolvency_date)
