"""Doubtful receivables in the books (PCG, issue #13): the transfer 411 →
416, the provision 6817/491 adjusted by difference, its reversal 491 → 7817,
and the write-off 654 with the VAT regularised by a credit note (CGI 272).
Amounts hand-computed on a 1,200.00 € invoice: 1,000.00 + 20 % VAT."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import RecouvrementCommon

TRANSFER_DAY = date(2026, 4, 15)


@tagged("post_install", "-at_install")
class TestDoubtful(RecouvrementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat_20 = cls.env["account.tax"].search(
            [
                *cls.env["account.tax"]._check_company_domain(cls.company),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 20.0),
                ("price_include", "=", False),
            ],
            limit=1,
        )
        Account = cls.env["account.account"].with_company(cls.company)
        cls.accounts = {
            code: Account.search(
                [
                    *Account._check_company_domain(cls.company),
                    ("code", "=", code),
                ]
            )
            for code in ("416000", "491000", "681740", "781740", "654100", "654400")
        }
        cls.account_vat = Account.search(
            [*Account._check_company_domain(cls.company), ("code", "=", "445710")]
        )

    def _invoice(self, untaxed=1000.0, currency=None, invoice_date=date(2026, 2, 1)):
        return self._post_invoice(
            amount=untaxed,
            invoice_date=invoice_date,
            currency=currency,
            taxes=self.vat_20,
        )

    @staticmethod
    def _by_account(entries):
        """{account code: balance} of the posted entries."""
        balances = {}
        for line in entries.line_ids:
            code = line.account_id.code
            balances[code] = round(balances.get(code, 0.0) + line.balance, 2)
        return {code: balance for code, balance in balances.items() if balance}

    def _count(self):
        return self.env["account.move"].search_count([])

    def _customer_payment(self, amount, on):
        with freeze_time(on, tick=True):
            payment = self.env["account.payment"].create(
                {
                    "amount": amount,
                    "date": on,
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.customer.id,
                }
            )
            payment.action_post()
        return payment.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )

    # ------------------------------------------------------------------
    # The figures, step by step
    # ------------------------------------------------------------------

    def test_accounts_found_by_code_in_the_french_chart(self):
        for code, account in self.accounts.items():
            self.assertTrue(account, code)
        found = {
            kind: self.company._recouvrement_doubtful_account(kind).code
            for kind in (
                "doubtful",
                "provision",
                "provision_expense",
                "provision_income",
                "write_off",
                "write_off_previous",
            )
        }
        self.assertEqual(
            found,
            {
                "doubtful": "416000",
                "provision": "491000",
                "provision_expense": "681740",
                "provision_income": "781740",
                "write_off": "654100",
                "write_off_previous": "654400",
            },
        )
        self.assertEqual(self.company._recouvrement_doubtful_journal().type, "general")

    def test_transfer_provision_adjust_and_write_off(self):
        invoice = self._invoice()
        self.assertEqual(invoice.amount_total, 1200.0)
        self.assertEqual(self.vat_20.amount, 20.0)
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )

        # transfer: 416 debit 1,200.00 / 411 credit 1,200.00, reconciled
        transfer = invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        self.assertEqual(transfer.state, "posted")
        self.assertEqual(transfer.journal_id.type, "general")
        self.assertEqual(transfer.date, TRANSFER_DAY)
        self.assertEqual(
            self._by_account(transfer),
            {"416000": 1200.0, receivable.account_id.code: -1200.0},
        )
        self.assertTrue(receivable.reconciled)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(invoice.recouvrement_doubtful_move_id, transfer)
        line_416 = invoice.recouvrement_doubtful_line_id
        self.assertEqual(line_416.account_id, self.accounts["416000"])
        self.assertEqual(line_416.partner_id, self.customer)
        self.assertEqual(invoice.recouvrement_doubtful_residual, 1200.0)
        self.assertEqual(invoice.recouvrement_doubtful_state, "doubtful")
        # the transfer is no payment: the prescription does not restart
        self.assertFalse(invoice.recouvrement_last_payment_date)

        # provision 50 %: 6817 debit / 491 credit 500.00
        first = invoice._recouvrement_provision(50, date=date(2026, 4, 30))
        self.assertEqual(self._by_account(first), {"681740": 500.0, "491000": -500.0})
        self.assertEqual(invoice.recouvrement_provision_amount, 500.0)
        self.assertEqual(invoice.recouvrement_provision_rate, 50.0)
        # 80 %: 300.00 more
        second = invoice._recouvrement_provision(80, date=date(2026, 5, 31))
        self.assertEqual(self._by_account(second), {"681740": 300.0, "491000": -300.0})
        self.assertEqual(invoice.recouvrement_provision_amount, 800.0)
        # the same rate again: nothing to post
        self.assertFalse(invoice._recouvrement_provision(80))
        # back to 20 %: reversal 491 / 7817 600.00
        third = invoice._recouvrement_provision(20, date=date(2026, 6, 15))
        self.assertEqual(self._by_account(third), {"491000": 600.0, "781740": -600.0})
        self.assertEqual(invoice.recouvrement_provision_amount, 200.0)
        self.assertEqual(
            invoice.recouvrement_provision_move_ids, first | second | third
        )

        # write-off: credit note 654 1,000.00 + VAT 200.00, credit 416 1,200.00
        # (the credit note's 411 side carried at once to 416)
        entries = invoice._recouvrement_write_off(date=date(2026, 6, 30))
        credit_note = invoice.recouvrement_write_off_move_id
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(
            self._by_account(credit_note),
            {"654100": 1000.0, "445710": 200.0, receivable.account_id.code: -1200.0},
        )
        self.assertEqual(credit_note.amount_tax, 200.0)
        self.assertEqual(credit_note.amount_residual, 0.0)
        reversal = entries & invoice.recouvrement_provision_move_ids
        self.assertEqual(len(entries), 3)
        self.assertEqual(
            self._by_account(entries - reversal),
            {"654100": 1000.0, "445710": 200.0, "416000": -1200.0},
        )
        self.assertEqual(
            self._by_account(reversal), {"491000": 200.0, "781740": -200.0}
        )
        self.assertTrue(all(move.state == "posted" for move in entries))
        self.assertEqual(invoice.recouvrement_provision_amount, 0.0)
        self.assertEqual(invoice.recouvrement_doubtful_state, "written_off")
        self.assertEqual(invoice.recouvrement_doubtful_residual, 0.0)

        # nothing open on 416; 491 balanced and reconciled; every entry listed
        lines_416 = self.env["account.move.line"].search(
            [("account_id", "=", self.accounts["416000"].id)]
        )
        self.assertEqual(sum(lines_416.mapped("amount_residual")), 0.0)
        self.assertTrue(all(lines_416.mapped("reconciled")))
        lines_491 = (first | second | third | reversal).line_ids.filtered(
            lambda line: line.account_id == self.accounts["491000"]
        )
        self.assertEqual(round(sum(lines_491.mapped("balance")), 2), 0.0)
        self.assertTrue(all(lines_491.mapped("reconciled")))
        self.assertEqual(
            invoice.recouvrement_doubtful_entry_ids,
            transfer | first | second | third | entries,
        )
        self.assertEqual(invoice.recouvrement_doubtful_entry_count, 7)
        self.assertEqual(
            invoice.recouvrement_doubtful_entry_ids.sorted("id").mapped(
                "recouvrement_doubtful_kind"
            ),
            [
                "transfer",
                "provision",
                "provision",
                "provision_reversal",
                "write_off",
                "write_off",
                "provision_reversal",
            ],
        )
        action = invoice.action_recouvrement_view_doubtful_entries()
        self.assertEqual(
            self.env["account.move"].search(action["domain"]),
            invoice.recouvrement_doubtful_entry_ids,
        )
        for move in invoice.recouvrement_doubtful_entry_ids:
            self.assertTrue(
                move.company_currency_id.is_zero(sum(move.line_ids.mapped("balance")))
            )

    def test_partial_payment_before_the_transfer(self):
        invoice = self._invoice()
        self._pay(invoice, 300.0, date(2026, 3, 10))
        self.assertEqual(invoice.amount_residual, 900.0)
        transfer = invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        self.assertEqual(self._by_account(transfer)["416000"], 900.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        # 900 incl. VAT = 750 excl. VAT; 50 % = 375.00
        provision = invoice._recouvrement_provision(50, date=TRANSFER_DAY)
        self.assertEqual(
            self._by_account(provision), {"681740": 375.0, "491000": -375.0}
        )
        # the write-off regularises the VAT of what remains: 750 + 150
        entries = invoice._recouvrement_write_off(date=date(2026, 6, 30))
        credit_note = invoice.recouvrement_write_off_move_id
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        reversal = entries & invoice.recouvrement_provision_move_ids
        self.assertEqual(
            self._by_account(entries - reversal),
            {"654100": 750.0, "445710": 150.0, "416000": -900.0},
        )
        self.assertEqual(credit_note.amount_total, 900.0)
        self.assertEqual(
            self._by_account(reversal), {"491000": 375.0, "781740": -375.0}
        )
        self.assertTrue(invoice.recouvrement_doubtful_line_id.reconciled)

    def test_partial_write_off_rounding_closes_416(self):
        # 333.33 + 66.67 = 400.00; 100.01 paid: 299.99 left, whose
        # proportional base and VAT (249.99 + 50.00) miss it by a cent
        invoice = self._invoice(untaxed=333.33)
        self.assertEqual(invoice.amount_total, 400.0)
        self._pay(invoice, 100.01, date(2026, 3, 10))
        invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        entries = invoice._recouvrement_write_off(date=date(2026, 6, 30))
        self.assertTrue(invoice.recouvrement_doubtful_line_id.reconciled)
        self.assertTrue(
            all(
                entries.line_ids.filtered(
                    lambda line: line.account_id == self.accounts["416000"]
                ).mapped("reconciled")
            )
        )
        balances = self._by_account(entries)
        self.assertEqual(balances["416000"], -299.99)
        self.assertEqual(round(balances["654100"] + balances["445710"], 2), 299.99)

    def test_payment_after_the_transfer_releases_the_provision(self):
        invoice = self._invoice()
        invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        invoice._recouvrement_provision(50, date=TRANSFER_DAY)
        # the customer pays 600: registered as usual on 411, then applied to 416
        payment_lines = self._customer_payment(600.0, date(2026, 5, 5))
        # not another customer's payment
        with freeze_time(date(2026, 5, 5), tick=True):
            foreign = self.env["account.payment"].create(
                {
                    "amount": 50.0,
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.customer_2.id,
                }
            )
            foreign.action_post()
        count = self._count()
        with self.assertRefused(UserError, "Choose open payments of Boulangerie"):
            invoice._recouvrement_apply_doubtful_payment(
                payment_lines | foreign.move_id.line_ids
            )
        self.assertEqual(self._count(), count)
        self.assertFalse(payment_lines.reconciled)
        entries = invoice._recouvrement_apply_doubtful_payment(
            payment_lines, date=date(2026, 5, 5)
        )
        transfer_back, release = entries[0], entries[1]
        self.assertEqual(
            self._by_account(transfer_back),
            {payment_lines.account_id.code: 600.0, "416000": -600.0},
        )
        self.assertTrue(payment_lines.reconciled)
        self.assertEqual(invoice.recouvrement_doubtful_residual, 600.0)
        # a payment acknowledges the debt: the prescription restarts
        self.assertEqual(invoice.recouvrement_last_payment_date, date(2026, 5, 5))
        self.assertEqual(invoice.recouvrement_prescription_date, date(2031, 5, 5))
        # 600 incl. VAT left = 500 excl. VAT; 50 % = 250: 250 released
        self.assertEqual(self._by_account(release), {"491000": 250.0, "781740": -250.0})
        self.assertEqual(invoice.recouvrement_provision_amount, 250.0)
        # the rest paid, applied from the invoice's button: all of the
        # provision reversed, the claim recovered
        payment_lines = self._customer_payment(600.0, date(2026, 6, 5))
        action = invoice.action_recouvrement_apply_doubtful_payment()
        wizard = (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"date": date(2026, 6, 5)})
        )
        self.assertEqual(wizard.line_ids, payment_lines)
        self.assertEqual(wizard.doubtful_residual, 600.0)
        before = invoice.recouvrement_provision_move_ids
        wizard.action_apply()
        self.assertTrue(payment_lines.reconciled)
        self.assertEqual(
            self._by_account(invoice.recouvrement_provision_move_ids - before),
            {"491000": 250.0, "781740": -250.0},
        )
        self.assertEqual(invoice.recouvrement_provision_amount, 0.0)
        self.assertTrue(invoice.recouvrement_doubtful_line_id.reconciled)
        self.assertEqual(invoice.recouvrement_doubtful_state, "recovered")
        # nothing left to write off, no payment to apply
        count = self._count()
        with self.assertRefused(UserError, "Choose open payments"):
            invoice._recouvrement_apply_doubtful_payment(payment_lines)
        with self.assertRefused(UserError, "Nothing remains owed"):
            invoice._recouvrement_write_off(date=date(2026, 6, 30))
        self.assertEqual(self._count(), count)

    def test_release_provision_after_a_manual_reconciliation(self):
        invoice = self._invoice()
        invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        invoice._recouvrement_provision(100, date=TRANSFER_DAY)
        self.assertEqual(invoice.recouvrement_provision_amount, 1000.0)
        # a bank entry straight on 416 (e.g. the commissaire de justice's
        # transfer), reconciled by hand with the 416 line
        bank = self.company_data["default_journal_bank"]
        entry = self.env["account.move"].create(
            {
                "journal_id": bank.id,
                "date": date(2026, 5, 20),
                "line_ids": [
                    Command.create(
                        {
                            "account_id": bank.default_account_id.id,
                            "balance": 1200.0,
                        }
                    ),
                    Command.create(
                        {
                            "account_id": self.accounts["416000"].id,
                            "partner_id": self.customer.id,
                            "balance": -1200.0,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        (
            invoice.recouvrement_doubtful_line_id
            | entry.line_ids.filtered(
                lambda line: line.account_id == self.accounts["416000"]
            )
        ).reconcile()
        self.assertEqual(invoice.recouvrement_doubtful_state, "recovered")
        release = invoice._recouvrement_release_provision(date=date(2026, 5, 20))
        self.assertEqual(
            self._by_account(release), {"491000": 1000.0, "781740": -1000.0}
        )
        self.assertEqual(invoice.recouvrement_provision_amount, 0.0)

    # ------------------------------------------------------------------
    # Multi-currency: the invoice's currency, the company's balances
    # ------------------------------------------------------------------

    def test_foreign_currency_invoice(self):
        usd = self.setup_other_currency(
            "USD", rates=[("2026-01-01", 1.2), ("2026-06-01", 1.25)]
        )
        invoice = self._invoice(currency=usd)
        self.assertEqual(invoice.amount_total, 1200.0)
        self.assertEqual(invoice.amount_total_signed, 1000.0)
        transfer = invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        line_416 = invoice.recouvrement_doubtful_line_id
        self.assertEqual(line_416.currency_id, usd)
        self.assertEqual(line_416.amount_currency, 1200.0)
        self.assertEqual(line_416.balance, 1000.0)
        self.assertEqual(invoice.recouvrement_doubtful_residual, 1200.0)
        # 411 closed at the invoice's rate: no exchange difference
        self.assertEqual(len(transfer.line_ids), 2)
        self.assertFalse(
            invoice.line_ids.matched_credit_ids.exchange_move_id,
        )
        # the provision in euros: 1,000 × 833.33 / 1,000 × 50 % = 416.665
        provision = invoice._recouvrement_provision(50, date=TRANSFER_DAY)
        self.assertEqual(
            self._by_account(provision), {"681740": 416.67, "491000": -416.67}
        )
        self.assertEqual(invoice.recouvrement_provision_amount, 416.67)
        # written off in June at 1.25: 960 € through the credit note, the
        # 40 € of exchange difference booked by Odoo; 416 closed in both
        entries = invoice._recouvrement_write_off(date=date(2026, 6, 30))
        credit_note = invoice.recouvrement_write_off_move_id
        code_411 = self.customer.property_account_receivable_id.code
        self.assertEqual(credit_note.currency_id, usd)
        self.assertEqual(credit_note.amount_total, 1200.0)
        self.assertEqual(
            self._by_account(credit_note),
            {"654100": 800.0, "445710": 160.0, code_411: -960.0},
        )
        carried = entries - credit_note - invoice.recouvrement_provision_move_ids
        self.assertEqual(
            self._by_account(carried), {code_411: 1000.0, "416000": -1000.0}
        )
        self.assertEqual(carried.line_ids.mapped("amount_currency"), [1200.0, -1200.0])
        # the credit note's 411 (960 €) closed by the carry (1,000 €): Odoo's
        # exchange difference books the 40 € lost on the dollar
        note_411 = credit_note.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )
        self.assertTrue(note_411.reconciled)
        exchange = note_411.full_reconcile_id.partial_reconcile_ids.exchange_move_id
        self.assertEqual(
            self._by_account(exchange).get(code_411), -40.0, self._by_account(exchange)
        )
        self.assertTrue(line_416.reconciled)
        self.assertEqual(line_416.amount_residual, 0.0)
        self.assertEqual(invoice.recouvrement_provision_amount, 0.0)

    # ------------------------------------------------------------------
    # Bad input: a clear error, nothing posted
    # ------------------------------------------------------------------

    def test_provision_rate_out_of_range(self):
        invoice = self._invoice()
        invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        invoice._recouvrement_provision(50, date=TRANSFER_DAY)
        count = self._count()
        for rate in (-1, 101, "abc", None):
            with self.assertRefused(ValidationError, "between 0 and 100"):
                invoice._recouvrement_provision(rate)
        self.assertEqual(self._count(), count)
        self.assertEqual(invoice.recouvrement_provision_amount, 500.0)
        self.assertEqual(invoice.recouvrement_provision_rate, 50.0)

    def test_refusals_post_nothing(self):
        invoice = self._invoice()
        paid = self._invoice()
        self._pay(paid, 1200.0, date(2026, 3, 10))
        draft = invoice.copy()
        refund = invoice._reverse_moves()
        refund.action_post()
        other = self._invoice()
        count = self._count()
        # provision and write-off of an invoice not transferred
        with self.assertRefused(UserError, "Transfer these invoices"):
            other._recouvrement_provision(50)
        with self.assertRefused(UserError, "Transfer these invoices"):
            other._recouvrement_write_off()
        with self.assertRefused(UserError, "Transfer these invoices"):
            other._recouvrement_release_provision()
        # a paid invoice, a draft, a credit note
        with self.assertRefused(UserError, "Nothing remains due"):
            paid._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        with self.assertRefused(UserError, "Post the invoice"):
            draft._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        with self.assertRefused(UserError, "Only customer invoices"):
            refund._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        # a transfer dated before the invoice
        with self.assertRefused(UserError, "before its date"):
            other._recouvrement_transfer_doubtful(date=date(2026, 1, 15))
        # one bad invoice in the batch: none transferred
        with self.assertRefused(UserError, "Nothing remains due"):
            (other | paid)._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        self.assertEqual(self._count(), count)
        self.assertFalse(other.recouvrement_doubtful_move_id)
        self.assertEqual(other.payment_state, "not_paid")
        # twice
        other._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        count = self._count()
        # nothing dated before the transfer
        with self.assertRefused(UserError, "before its transfer"):
            other._recouvrement_provision(50, date=date(2026, 4, 14))
        with self.assertRefused(UserError, "before its transfer"):
            other._recouvrement_write_off(date=date(2026, 4, 14))
        with self.assertRefused(UserError, "already a doubtful receivable"):
            other._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        # written off twice
        other._recouvrement_write_off(date=date(2026, 6, 30))
        count = self._count()
        with self.assertRefused(UserError, "already written off"):
            other._recouvrement_write_off(date=date(2026, 6, 30))
        with self.assertRefused(UserError, "already written off"):
            other._recouvrement_provision(10)
        self.assertEqual(self._count(), count)

    def test_two_companies_refused(self):
        company_2 = self.setup_other_company(name="Société B")["company"]
        invoice = self._invoice()
        invoice_2 = (
            self.env["account.move"]
            .with_company(company_2)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": date(2026, 2, 1),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Prestation", "quantity": 1, "price_unit": 100.0}
                        )
                    ],
                }
            )
        )
        invoice_2.action_post()
        both = (invoice | invoice_2).with_context(
            allowed_company_ids=[self.company.id, company_2.id]
        )
        count = self._count()
        with self.assertRefused(UserError, "several companies"):
            both._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        self.assertEqual(self._count(), count)
        self.assertFalse(invoice.recouvrement_doubtful_move_id)

    def test_missing_account_named(self):
        invoice = self._invoice()
        self.accounts["416000"].active = False
        count = self._count()
        with self.assertRefused(UserError, r"doubtful receivables \(416\)"):
            invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        self.assertEqual(self._count(), count)
        # a configured account replaces the chart's
        self.accounts["416000"].active = True
        other = self.accounts["416000"].copy({"code": "416100"})
        self.company.recouvrement_doubtful_account_id = other
        invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        self.assertEqual(invoice.recouvrement_doubtful_line_id.account_id, other)

    def test_write_off_of_an_invoice_of_a_previous_year(self):
        invoice = self._invoice(invoice_date=date(2025, 11, 3))
        invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        invoice._recouvrement_write_off(date=date(2026, 6, 30))
        entries = invoice.recouvrement_doubtful_entry_ids.filtered(
            lambda move: move.date == date(2026, 6, 30)
        )
        self.assertEqual(
            self._by_account(entries),
            {"654400": 1000.0, "445710": 200.0, "416000": -1200.0},
        )

    def test_invoice_in_instalments_moves_every_open_instalment(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "30 % now, 70 % at 30 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 30.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 70.0, "nb_days": 30}
                    ),
                ],
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 2, 1),
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Prestation",
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(self.vat_20.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        instalments = invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )
        self.assertEqual(sorted(instalments.mapped("balance")), [360.0, 840.0])
        transfer = invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        self.assertEqual(len(transfer.line_ids), 3)
        self.assertTrue(all(instalments.mapped("reconciled")))
        self.assertEqual(invoice.recouvrement_doubtful_residual, 1200.0)
        entries = invoice._recouvrement_write_off(date=date(2026, 6, 30))
        self.assertEqual(
            self._by_account(entries),
            {"654100": 1000.0, "445710": 200.0, "416000": -1200.0},
        )
        self.assertTrue(invoice.recouvrement_doubtful_line_id.reconciled)

    def test_accounts_and_journal_of_the_invoice_company(self):
        company_2 = self.setup_other_company(name="Société B")["company"]
        self.assertEqual(company_2.chart_template, "fr")
        self.env.user.company_ids |= company_2
        Move = self.env["account.move"].with_company(company_2)
        invoice = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 2, 1),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Prestation", "quantity": 1, "price_unit": 600.0}
                    )
                ],
            }
        )
        invoice.action_post()
        transfer = invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        self.assertEqual(transfer.company_id, company_2)
        self.assertEqual(transfer.journal_id.company_id, company_2)
        line_416 = invoice.recouvrement_doubtful_line_id
        self.assertEqual(line_416.account_id.code, "416000")
        self.assertIn(company_2, line_416.account_id.company_ids)
        self.assertNotIn(self.company, line_416.account_id.company_ids)
        provision = invoice._recouvrement_provision(100, date=TRANSFER_DAY)
        self.assertEqual(provision.company_id, company_2)
        self.assertTrue(
            all(company_2 in line.account_id.company_ids for line in provision.line_ids)
        )

    def test_settings_choose_the_accounts(self):
        provision_2 = self.accounts["491000"].copy({"code": "491100"})
        journal = self.env["account.journal"].create(
            {"name": "Contentieux", "code": "CTX", "type": "general"}
        )
        settings = self.env["res.config.settings"].create(
            {
                "recouvrement_provision_account_id": provision_2.id,
                "recouvrement_doubtful_journal_id": journal.id,
            }
        )
        settings.execute()
        self.assertEqual(self.company.recouvrement_provision_account_id, provision_2)
        invoice = self._invoice()
        transfer = invoice._recouvrement_transfer_doubtful(date=TRANSFER_DAY)
        provision = invoice._recouvrement_provision(50, date=TRANSFER_DAY)
        self.assertEqual(transfer.journal_id, journal)
        self.assertEqual(
            self._by_account(provision), {"681740": 500.0, "491100": -500.0}
        )
        # the invoice form shows the badge and the entries to the accountant
        arch = self.env["account.move"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn("action_recouvrement_view_doubtful_entries", arch)
        self.assertIn("recouvrement_doubtful_state", arch)
