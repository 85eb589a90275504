from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import RecouvrementCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestReceivablesAnalysis(RecouvrementCommon):
    """The receivables analysis on 30 June 2026: Boulangerie Martin owes
    invoices in every bucket but one (none over 90 days); Garage Dupont's
    invoice is cancelled out by an open credit note (it owes nothing); a third
    customer has a credit note for part of its invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_3 = cls.env["res.partner"].create(
            {"name": "Pharmacie Moreau", "is_company": True}
        )
        for due, amount in (
            (date(2026, 7, 15), 100.0),  # not due
            (date(2026, 6, 10), 200.0),  # 20 days late: 1–30
            (date(2026, 5, 11), 300.0),  # 50 days late: 31–60
            (date(2026, 4, 11), 400.0),  # 80 days late: 61–90
        ):
            cls._post_invoice(amount=amount, due=due)
        cls._post_invoice(partner=cls.customer_2, amount=500.0, due=date(2026, 6, 1))
        cls._post_refund(cls.customer_2, 500.0)
        cls._post_invoice(partner=cls.customer_3, amount=800.0, due=date(2026, 6, 1))
        cls._post_refund(cls.customer_3, 300.0)

    @classmethod
    def _post_refund(cls, partner, amount):
        """An open credit note, not matched with any invoice."""
        refund = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": partner.id,
                "invoice_date": date(2026, 6, 5),
                "invoice_date_due": date(2026, 6, 5),
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
        refund.action_post()
        return refund

    def _read_group(self, groupby, order=None):
        with freeze_time(TODAY):
            return self.env["recouvrement.receivable.analysis"]._read_group(
                [("company_id", "=", self.company.id)],
                groupby,
                ["amount_residual:sum"],
                order=order,
            )

    def test_buckets_by_age(self):
        """Grouped by aged bucket, not due first, then by age (not by the
        keys' or the labels' alphabetical order)."""
        self.assertEqual(
            [(bucket, total) for bucket, total in self._read_group(["bucket"])],
            [
                ("not_due", 100.0),
                ("1_30", 200.0 + 800.0 - 300.0),
                ("31_60", 300.0),
                ("61_90", 400.0),
            ],
        )
        self.assertEqual(
            [bucket for bucket, _total in self._read_group(["bucket"], "bucket desc")],
            ["61_90", "31_60", "1_30", "not_due"],
        )
        # the pivot's customers × buckets: by customer, then by age
        self.assertEqual(
            [
                (partner, bucket)
                for partner, bucket, _total in self._read_group(
                    ["partner_id", "bucket"]
                )
            ],
            [
                (self.customer, "not_due"),
                (self.customer, "1_30"),
                (self.customer, "31_60"),
                (self.customer, "61_90"),
                (self.customer_3, "1_30"),
            ],
        )
        # as the web client asks for them
        with freeze_time(TODAY):
            groups = self.env["recouvrement.receivable.analysis"].formatted_read_group(
                [("company_id", "=", self.company.id)],
                ["bucket"],
                ["amount_residual:sum"],
            )
        self.assertEqual(
            [group["bucket"] for group in groups],
            ["not_due", "1_30", "31_60", "61_90"],
        )

    def test_customers_owing_nothing_left_out(self):
        """A customer whose open invoice and credit note net to zero does not
        appear; one whose credit note covers part of its invoice does."""
        by_partner = dict(self._read_group(["partner_id"]))
        self.assertEqual(
            by_partner,
            {self.customer: 1000.0, self.customer_3: 500.0},
        )
        with freeze_time(TODAY):
            lines = self.env["recouvrement.receivable.analysis"].search(
                [("partner_id", "=", self.customer_2.id)]
            )
        self.assertFalse(lines)
