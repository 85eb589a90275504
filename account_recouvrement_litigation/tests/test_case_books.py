"""A litigation case in the books (issue #13): the case transfers its
invoices to doubtful receivables (411 → 416), provisions them and writes
them off once closed as irrecoverable; its statement follows the claim on
the 416 line. Amounts hand-computed on a 1,200.00 € invoice: 1,000.00 + 20 %
VAT."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DoubtfulCaseCommon


@tagged("post_install", "-at_install")
class TestCaseBooks(DoubtfulCaseCommon):
    def _count(self):
        return self.env["account.move"].search_count([])

    def test_transfer_provision_close_and_write_off_from_the_case(self):
        invoice = self._invoice_with_vat()
        case = self._case(invoice)
        with freeze_time("2026-04-15"):
            case.action_transfer_doubtful()
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).account_id
        transfer = case.entry_ids
        # 416 ← 1,200.00, 411 → 1,200.00, reconciled with the invoice
        self.assertEqual(
            self._by_account(transfer), {"416000": 1200.0, receivable.code: -1200.0}
        )
        self.assertEqual(invoice.recouvrement_doubtful_move_id, transfer)
        self.assertEqual(case.amount_doubtful, 1200.0)
        # the claim is still whole in the statement: it is owed on 416
        self.assertEqual(case.amount_principal, 1200.0)
        # a second transfer finds nothing to move
        count = self._count()
        with self.assertRefused(UserError, "already doubtful receivables"):
            case.action_transfer_doubtful()
        self.assertEqual(self._count(), count)

        with freeze_time("2026-04-30"):
            case.action_provision(50.0)
        self.assertEqual(case.provision_rate, 50.0)
        provision = case.entry_ids - transfer
        # 1,200.00 × 1,000 / 1,200 × 50 %
        self.assertEqual(
            self._by_account(provision), {"681740": 500.0, "491000": -500.0}
        )
        self.assertEqual(case.amount_provision, 500.0)
        # a rate outside 0–100 % posts nothing and keeps the rate
        for rate in (-1.0, 101.0):
            with self.assertRefused(ValidationError, "between 0 and 100"):
                case.action_provision(rate)
            self.assertEqual(self._count(), count + 1)
            self.assertEqual(case.provision_rate, 50.0)

        # no write-off while the case is open
        with self.assertRefused(UserError, "not closed as irrecoverable"):
            case.action_write_off()
        self.assertEqual(self._count(), count + 1)
        with freeze_time("2026-06-30"):
            case.action_close("irrecoverable")
            case.action_write_off()
        write_off = case.entry_ids - transfer - provision
        self.assertEqual(
            self._by_account(write_off),
            {
                "654100": 1000.0,
                "445710": 200.0,
                "416000": -1200.0,
                "491000": 500.0,
                "781740": -500.0,
            },
        )
        self.assertTrue(all(entry.state == "posted" for entry in case.entry_ids))
        self.assertEqual(
            invoice.recouvrement_write_off_move_id.reversed_entry_id, invoice
        )
        self.assertEqual(case.amount_doubtful, 0.0)
        self.assertEqual(invoice.recouvrement_doubtful_state, "written_off")
        # the losses of the period, in Reporting > Receivables written off
        action = self.env.ref(
            "account_recouvrement_litigation.action_recouvrement_write_off"
        )
        losses = self.env["account.move.line"].search(safe_eval(action.domain))
        self.assertEqual(losses.move_id, invoice.recouvrement_write_off_move_id)
        self.assertEqual(sum(losses.mapped("balance")), 1000.0)
        # nothing left to write off a second time
        with self.assertRefused(UserError, "nothing to write off"):
            case.action_write_off()

    def test_write_off_transfers_first_and_needs_a_closed_case(self):
        invoice = self._invoice_with_vat()
        case = self._case(invoice)
        with freeze_time("2026-04-20"):
            # before the transfer there is nothing to provision
            with self.assertRefused(UserError, "Transfer the invoices"):
                case.action_provision(30.0)
            case.action_close("irrecoverable")
            case.action_write_off()
        self.assertEqual(
            self._by_account(case.entry_ids)["654100"], 1000.0, "654 excl. VAT"
        )
        self.assertEqual(self._by_account(case.entry_ids)["445710"], 200.0)
        self.assertNotIn("416000", self._by_account(case.entry_ids))

    def test_statement_follows_the_claim_on_416(self):
        invoice = self._post_invoice(amount=1000.0)
        case = self._case(invoice, on=date(2026, 3, 20))
        with freeze_time("2026-04-30"):
            case.invalidate_recordset()
            before = case._statement()
        with freeze_time("2026-04-01"):
            case.action_transfer_doubtful()
        with freeze_time("2026-04-30"):
            case.invalidate_recordset()
            after = case._statement()
        # the transfer is no payment: the interest runs on, 1,000.00 at
        # 12.15 % from 03/03 to 04/30 (59 days) = 19.64
        self.assertEqual(before["interest"], 19.64)
        self.assertEqual(after["interest"], 19.64)
        self.assertEqual(after["principal"], 1000.0)
        self.assertEqual(after["recovered"], 0.0)
        self.assertEqual(after["balance"], before["balance"])
        # a payment carried to 416 on 04/10 counts as recovered and stops
        # the interest on what it paid: 1,000.00 × 12.15 % from 03/03 to
        # 04/10 (39 days) = 12.9822, then 600.00 from 04/11 to 04/30 (20
        # days) = 3.9945 → 16.98
        with freeze_time("2026-04-10", tick=True):
            payment = self.env["account.payment"].create(
                {
                    "amount": 400.0,
                    "date": date(2026, 4, 10),
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.customer.id,
                }
            )
            payment.action_post()
        lines = payment.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        invoice._recouvrement_apply_doubtful_payment(lines, date=date(2026, 4, 10))
        with freeze_time("2026-04-30"):
            case.invalidate_recordset()
            paid = case._statement()
        self.assertEqual(paid["recovered"], 400.0)
        self.assertEqual(paid["principal"], 1000.0)
        self.assertEqual(paid["interest"], 16.98)
