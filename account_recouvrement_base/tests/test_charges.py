from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestCharges(RecouvrementCommon):
    """Late interest and the 40 € indemnity, against figures computed by hand:
    amount due × rate of the day's half-year / 365, summed over the days."""

    def _charges(self, invoice, on, **kwargs):
        return self.env["recouvrement.charge"]._compute_for_moves(
            invoice, on, **kwargs
        )[invoice]

    def test_two_half_years_and_a_partial_payment(self):
        """10,000 € due 15/05/2025, 4,000 € paid on 10/08/2025, computed 30/09/2025.
        H1 2025: 3.15 + 10 = 13.15 %: 10,000 × 13.15 % × 46 / 365 = 165.726 → 165.73
        H2 2025: 2.15 + 10 = 12.15 %: 10,000 × 12.15 % × 41 / 365 (01/07 → 10/08,
                 the day of payment included) = 136.479
                 + 6,000 × 12.15 % × 51 / 365 (11/08 → 30/09) = 101.860 → 238.34"""
        invoice = self._post_invoice(
            amount=10000.0, invoice_date=date(2025, 4, 15), due=date(2025, 5, 15)
        )
        self._pay(invoice, 4000.0, date(2025, 8, 10))
        result = self._charges(invoice, date(2025, 9, 30))
        self.assertEqual(
            result["lines"],
            [
                (date(2025, 5, 16), date(2025, 6, 30), 13.15, 165.73),
                (date(2025, 7, 1), date(2025, 9, 30), 12.15, 238.34),
            ],
        )
        self.assertEqual(result["indemnity"], 40.0)

    def test_leap_year(self):
        """1,000 € due 27/02/2024, computed 05/03/2024: 7 days including the
        29th of February, at 4.50 + 10 = 14.50 %: 1,000 × 14.5 % × 7 / 365 = 2.78"""
        invoice = self._post_invoice(
            amount=1000.0, invoice_date=date(2024, 1, 27), due=date(2024, 2, 27)
        )
        result = self._charges(invoice, date(2024, 3, 5))
        self.assertEqual(
            result["lines"], [(date(2024, 2, 28), date(2024, 3, 5), 14.5, 2.78)]
        )

    def test_consumer(self):
        """A consumer owes the legal rate (other cases, 2.62 % in H1 2026) from the
        day after the receipt of the formal notice, and no indemnity; received
        on 01/03/2026: 1,000 € × 2.62 % × 60 / 365 (02/03 → 30/04/2026) = 4.31"""
        consumer = self.env["res.partner"].create(
            {"name": "Jean Durand", "is_company": False}
        )
        self.assertEqual(consumer.recouvrement_debtor_type, "consumer")
        invoice = self._post_invoice(
            partner=consumer,
            amount=1000.0,
            invoice_date=date(2025, 12, 15),
            due=date(2026, 1, 15),
        )
        self.assertFalse(
            self.env["recouvrement.charge"]._compute_for_moves(
                invoice, date(2026, 4, 30)
            ),
            "nothing before the formal notice is received",
        )
        result = self._charges(
            invoice, date(2026, 4, 30), notice_received=date(2026, 3, 1)
        )
        self.assertEqual(
            result["lines"], [(date(2026, 3, 2), date(2026, 4, 30), 2.62, 4.31)]
        )
        self.assertEqual(result["indemnity"], 0.0)

    def test_sole_trader_is_a_professional(self):
        """A person with a VAT number or a company ID (SIRET) is a professional
        (ECB + 10 points and the indemnity); a person without is a consumer."""
        Partner = self.env["res.partner"]
        with_vat = Partner.create(
            {"name": "Jean Artisan", "is_company": False, "vat": "FR40303265045"}
        )
        with_siret = Partner.create(
            {
                "name": "Marie Plombier",
                "is_company": False,
                "company_registry": "73282932000074",
            }
        )
        person = Partner.create({"name": "Paul Martin", "is_company": False})
        self.assertEqual(with_vat.recouvrement_debtor_type, "professional")
        self.assertEqual(with_siret.recouvrement_debtor_type, "professional")
        self.assertEqual(person.recouvrement_debtor_type, "consumer")
        # 500 € due 02/03/2026, computed 01/04/2026: 30 days at 2.15 + 10 = 12.15 %
        # 500 × 12.15 % × 30 / 365 = 4.9932 → 4.99, and the 40 € indemnity
        invoice = self._post_invoice(partner=with_siret, amount=500.0)
        result = self._charges(invoice, date(2026, 4, 1))
        self.assertEqual(
            result["lines"], [(date(2026, 3, 3), date(2026, 4, 1), 12.15, 4.99)]
        )
        self.assertEqual(result["indemnity"], 40.0)

    def test_public_body(self):
        """Public procurement (CCP R2192-31): the ECB rate in force on the first
        day of the half-year in which interest began (01/01/2025: 3.15 %) + 8
        points = 11.15 %, for the whole period, across 1 July; the indemnity is
        due. 1,000 € due 20/06/2025, computed 20/07/2025: 30 days (21/06 → 20/07)
        1,000 × 11.15 % × 30 / 365 = 9.1644 → 9.16"""
        town = self.env["res.partner"].create(
            {"name": "Mairie de Villeurbanne", "is_company": True}
        )
        town.recouvrement_debtor_type = "public_body"
        invoice = self._post_invoice(
            partner=town,
            amount=1000.0,
            invoice_date=date(2025, 5, 21),
            due=date(2025, 6, 20),
        )
        result = self._charges(invoice, date(2025, 7, 20))
        self.assertEqual(
            result["lines"], [(date(2025, 6, 21), date(2025, 7, 20), 11.15, 9.16)]
        )
        self.assertEqual(result["indemnity"], 40.0)

    def test_contract_rate(self):
        """A contractual 15 %: 1,000 € × 15 % × 30 / 365 = 12.33"""
        self.customer.recouvrement_contract_rate = 15.0
        invoice = self._post_invoice(amount=1000.0, due=date(2026, 3, 2))
        result = self._charges(invoice, date(2026, 4, 1))
        self.assertEqual(
            result["lines"], [(date(2026, 3, 3), date(2026, 4, 1), 15.0, 12.33)]
        )

    def test_contract_rate_below_legal_floor(self):
        """A contractual 10 % is kept as the contract states it, but each
        half-year bears at least 3 × that half-year's legal rate (other cases):
        H1 2024: 3 × 5.07 = 15.21 %: 1,000 × 15.21 % × 15 / 365 (16/06 → 30/06)
                 = 6.2507 → 6.25
        H2 2024: 3 × 4.92 = 14.76 %: 1,000 × 14.76 % × 10 / 365 (01/07 → 10/07)
                 = 4.0438 → 4.04
        H2 2025: 3 × 2.76 = 8.28 % < 10 %: 1,000 × 10 % × 30 / 365
                 (02/08 → 31/08) = 8.2192 → 8.22"""
        self.customer.recouvrement_contract_rate = 10.0
        self.assertEqual(self.customer.recouvrement_contract_rate, 10.0)
        old = self._post_invoice(
            amount=1000.0, invoice_date=date(2024, 5, 15), due=date(2024, 6, 15)
        )
        self.assertEqual(
            self._charges(old, date(2024, 7, 10))["lines"],
            [
                (date(2024, 6, 16), date(2024, 6, 30), 15.21, 6.25),
                (date(2024, 7, 1), date(2024, 7, 10), 14.76, 4.04),
            ],
        )
        recent = self._post_invoice(
            amount=1000.0, invoice_date=date(2025, 7, 1), due=date(2025, 8, 1)
        )
        self.assertEqual(
            self._charges(recent, date(2025, 8, 31))["lines"],
            [(date(2025, 8, 2), date(2025, 8, 31), 10.0, 8.22)],
        )

    def test_contract_rate_warning(self):
        """The customer form warns when the contract rate is below today's
        floor (3 × 2.62 % = 7.86 % in H1 2026); not for consumers."""
        with freeze_time(date(2026, 3, 1)):
            self.customer.recouvrement_contract_rate = 5.0
            self.assertIn("7.86", self.customer.recouvrement_contract_rate_warning)
            self.customer.recouvrement_contract_rate = 8.0
            self.assertFalse(self.customer.recouvrement_contract_rate_warning)
            self.customer.recouvrement_contract_rate = 5.0
            self.customer.recouvrement_debtor_type = "consumer"
            self.assertFalse(self.customer.recouvrement_contract_rate_warning)

    def test_opt_out(self):
        self.customer.recouvrement_no_charges = True
        invoice = self._post_invoice(amount=1000.0)
        self.assertFalse(
            self.env["recouvrement.charge"]._compute_for_moves(
                invoice, date(2026, 4, 1)
            )
        )

    def test_credit_note_refused(self):
        refund = self._create_invoice(
            move_type="out_refund",
            partner_id=self.customer,
            invoice_date=date(2026, 2, 1),
            invoice_line_ids=[
                Command.create({"name": "Avoir", "price_unit": 100.0, "tax_ids": []})
            ],
            post=True,
        )
        with self.assertRefused(UserError, "posted customer invoices"):
            self.env["recouvrement.charge"]._compute_for_moves(refund, date(2026, 4, 1))
        self.assertFalse(
            self.env["recouvrement.charge"].search([("move_id", "=", refund.id)])
        )

    def test_formal_notice_bills_once(self):
        """The formal notice bills interest and indemnity in a posted charges
        invoice; a rerun bills nothing; a later charge bills only the new
        interest and never the indemnity again.
        2,000 € due 02/03/2026, sent 11/04/2026: 2,000 × 12.15 % × 40 / 365 = 26.63"""
        invoice = self._post_invoice(amount=2000.0)
        self._run(date(2026, 3, 12))
        self._send(self._run(date(2026, 3, 27)), date(2026, 3, 27))
        comm = self._run(date(2026, 4, 11))
        self._send(comm, date(2026, 4, 11))
        charges_invoice = comm.charge_move_id
        self.assertEqual(charges_invoice.state, "posted")
        self.assertTrue(charges_invoice.recouvrement_is_charge)
        self.assertEqual(charges_invoice.amount_tax, 0.0)
        self.assertEqual(charges_invoice.amount_total, 66.63)
        self.assertEqual(
            charges_invoice.invoice_line_ids.mapped("price_unit"), [26.63, 40.0]
        )
        self.assertIn("12.15 %", charges_invoice.invoice_line_ids[0].name)
        self.assertIn(invoice.name, charges_invoice.invoice_line_ids[0].name)
        self.assertEqual(
            invoice.recouvrement_charge_ids.charge_move_id, charges_invoice
        )

        # same day again: nothing new
        self.assertFalse(self._run(date(2026, 4, 11)))
        with self.assertRaises(UserError):
            comm.action_send()
        self.assertEqual(len(invoice.recouvrement_charge_ids), 1)

        # later: interest from 12/04 only, no second indemnity
        # 2,000 × 12.15 % × 30 / 365 = 19.97
        later = self._charges(invoice, date(2026, 5, 11))
        self.assertEqual(
            later["lines"], [(date(2026, 4, 12), date(2026, 5, 11), 12.15, 19.97)]
        )
        self.assertEqual(later["indemnity"], 0.0)

    def test_charges_invoice_bears_no_interest(self):
        invoice = self._post_invoice(amount=2000.0)
        self._run(date(2026, 3, 12))
        self._send(self._run(date(2026, 3, 27)), date(2026, 3, 27))
        comm = self._run(date(2026, 4, 11))
        self._send(comm, date(2026, 4, 11))
        self.assertFalse(
            self.env["recouvrement.charge"]._compute_for_moves(
                comm.charge_move_id, date(2026, 6, 1)
            )
        )
        self.assertTrue(invoice.recouvrement_charge_ids)

    def test_charges_invoice_accounts_vat_and_sales(self):
        """The interest goes to 7631 and the indemnity to 7581 (French chart),
        without VAT and with the out-of-scope mention; a company setting
        overrides them."""
        self._post_invoice(amount=2000.0)
        self._run(date(2026, 3, 12))
        self._send(self._run(date(2026, 3, 27)), date(2026, 3, 27))
        comm = self._run(date(2026, 4, 11))
        self._send(comm, date(2026, 4, 11))
        charges = comm.charge_move_id
        interest_line, indemnity_line = charges.invoice_line_ids.sorted(
            lambda line: line.price_unit
        )
        self.assertEqual(interest_line.price_unit, 26.63)
        self.assertTrue(interest_line.account_id.code.startswith("7631"))
        self.assertEqual(indemnity_line.price_unit, 40.0)
        self.assertTrue(indemnity_line.account_id.code.startswith("7581"))
        self.assertFalse(charges.invoice_line_ids.tax_ids)
        self.assertEqual(charges.amount_tax, 0.0)
        self.assertIn("Out of scope of VAT", str(charges.narration))
        # it bears no late interest: no late-payment mention on it
        self.assertFalse(charges._recouvrement_late_payment_mention())
        self.assertTrue(comm.line_ids.move_id._recouvrement_late_payment_mention())
        # the company's own accounts win
        other_income = (
            self.env["account.account"].search(
                [
                    *self.env["account.account"]._check_company_domain(self.company),
                    ("code", "=like", "7788%"),
                ],
                limit=1,
            )
            or self.company_data["default_account_revenue"]
        )
        self.company.recouvrement_indemnity_account_id = other_income
        self.assertEqual(
            self.company._recouvrement_charge_account("indemnity"), other_income
        )


@tagged("post_install", "-at_install")
class TestRates(RecouvrementCommon):
    def test_default_table(self):
        Rate = self.env["recouvrement.rate"]
        self.assertEqual(Rate._get_rate("ecb", date(2024, 3, 1)), 4.5)
        self.assertEqual(Rate._get_rate("ecb", date(2025, 7, 1)), 2.15)
        self.assertEqual(Rate._get_rate("legal_other", date(2026, 2, 1)), 2.62)
        self.assertEqual(Rate._get_rate("legal_individual", date(2025, 12, 31)), 6.65)

    def test_overlap_gap_negative(self):
        Rate = self.env["recouvrement.rate"]
        with self.assertRefused(ValidationError, "overlap"):
            Rate.create(
                {
                    "rate_type": "ecb",
                    "date_from": date(2026, 6, 1),
                    "date_to": date(2026, 12, 31),
                    "rate": 2.0,
                }
            )
        with self.assertRefused(ValidationError, "gap"):
            Rate.create(
                {
                    "rate_type": "ecb",
                    "date_from": date(2026, 8, 1),
                    "date_to": date(2026, 12, 31),
                    "rate": 2.0,
                }
            )
        with (
            self.assertRefused(IntegrityError, "rate_positive"),
            mute_logger("odoo.sql_db"),
        ):
            Rate.create(
                {
                    "rate_type": "ecb",
                    "date_from": date(2026, 7, 1),
                    "date_to": date(2026, 12, 31),
                    "rate": -1.0,
                }
            )
            self.env.flush_all()
        self.assertFalse(
            Rate.search(
                [("date_from", ">=", date(2026, 6, 1)), ("rate_type", "=", "ecb")]
            )
        )

    def test_add_next_half_year(self):
        Rate = self.env["recouvrement.rate"]
        action = Rate.action_add_next_half_year()
        added = Rate.browse(action["domain"][0][2])
        self.assertEqual(len(added), 3)
        ecb = added.filtered(lambda r: r.rate_type == "ecb")
        self.assertEqual(
            (ecb.date_from, ecb.date_to, ecb.rate),
            (date(2026, 7, 1), date(2026, 12, 31), 2.15),
        )
        self.assertFalse(any(added.mapped("verified")))
        # no charge is billed at a rate nobody checked: a clear error naming
        # the half-year, and nothing billed
        invoice = self._post_invoice(amount=1000.0, due=date(2026, 6, 20))
        Charge = self.env["recouvrement.charge"]
        with self.assertRefused(UserError, "07/01/2026 to 12/31/2026"):
            Charge._compute_for_moves(invoice, date(2026, 7, 20))
        self.assertFalse(Charge.search([("move_id", "=", invoice.id)]))
        # checked against the Banque de France notice: billed
        ecb.write(
            {"rate": 2.15, "verified": True, "note": "BCE, taux au 1er juillet 2026"}
        )
        # 2.15 + 10 = 12.15 % in both half-years, one line:
        # 1,000 × 12.15 % × 30 / 365 (21/06 → 20/07) = 9.9863 → 9.99
        self.assertEqual(
            Charge._compute_for_moves(invoice, date(2026, 7, 20))[invoice]["lines"],
            [(date(2026, 6, 21), date(2026, 7, 20), 12.15, 9.99)],
        )


@tagged("post_install", "-at_install")
class TestPrescription(RecouvrementCommon):
    def test_prescription_dates_and_watch(self):
        pro = self._post_invoice(
            amount=100.0, invoice_date=date(2021, 1, 1), due=date(2021, 2, 1)
        )
        consumer = self.env["res.partner"].create({"name": "Marie Petit"})
        conso = self._post_invoice(
            partner=consumer,
            amount=100.0,
            invoice_date=date(2024, 10, 1),
            due=date(2024, 11, 1),
        )
        self.assertEqual(pro.recouvrement_prescription_date, date(2026, 2, 1))
        # a consumer: 2 years from the invoice date (01/10/2024), not the due date
        self.assertEqual(conso.recouvrement_prescription_date, date(2026, 10, 1))
        warned = self.env["account.move"]._recouvrement_prescription_watch(
            today=date(2026, 1, 1)
        )
        self.assertEqual(warned, pro)
        self.assertEqual(len(pro.activity_ids), 1)
        self.assertFalse(conso.activity_ids)
        # once only
        self.assertFalse(
            self.env["account.move"]._recouvrement_prescription_watch(
                today=date(2026, 1, 2)
            )
        )

    def test_prescription_restarts_from_the_last_acknowledgement(self):
        """A partial payment, or an acknowledgement typed by the user (a court
        claim), restarts the 5 years; the warning is given again for the new
        date. Bad dates are refused and change nothing."""
        invoice = self._post_invoice(
            amount=1000.0, invoice_date=date(2021, 1, 1), due=date(2021, 2, 1)
        )
        self.assertEqual(invoice.recouvrement_prescription_date, date(2026, 2, 1))
        Move = self.env["account.move"]
        self.assertEqual(
            Move._recouvrement_prescription_watch(date(2026, 1, 1)), invoice
        )
        # 300 paid on 10/05/2023: 10/05/2023 + 5 years = 10/05/2028
        self._pay(invoice, 300.0, date(2023, 5, 10))
        self.assertEqual(invoice.recouvrement_last_payment_date, date(2023, 5, 10))
        self.assertEqual(invoice.recouvrement_prescription_date, date(2028, 5, 10))
        self.assertFalse(Move._recouvrement_prescription_watch(date(2026, 1, 2)))
        # a court claim on 15/03/2025: 15/03/2025 + 5 years = 15/03/2030
        with freeze_time(date(2026, 1, 5)):
            invoice.recouvrement_acknowledgement_date = date(2025, 3, 15)
            self.assertEqual(invoice.recouvrement_prescription_date, date(2030, 3, 15))
            with self.assertRefused(ValidationError, "future date"):
                invoice.recouvrement_acknowledgement_date = date(2026, 2, 1)
            with self.assertRefused(ValidationError, "before the invoice date"):
                invoice.recouvrement_acknowledgement_date = date(2020, 12, 31)
        self.assertEqual(invoice.recouvrement_acknowledgement_date, date(2025, 3, 15))
        # warned again, 90 days before the new date
        self.assertEqual(
            Move._recouvrement_prescription_watch(date(2029, 12, 20)), invoice
        )
        self.assertEqual(len(invoice.activity_ids), 2)
