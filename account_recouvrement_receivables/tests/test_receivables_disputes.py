"""Disputes and insolvency proceedings in the outstanding receivables workbook
(issue #12): the Dispute and Recovery stage columns as they were at the
position date, and the "Disputes and insolvency" figures of the summary."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ReceivablesWorkbookCommon, load_french_terms


@tagged("post_install", "-at_install")
class TestReceivablesDisputes(ReceivablesWorkbookCommon):
    """The ledger of these tests (invoices without tax):

    ========  ==================  ========  ==========  ==========
    invoice   customer            total     inv. date   due
    ========  ==================  ========  ==========  ==========
    open      Boulangerie Martin  1000      2026-04-01  2026-06-20
    late      Boulangerie Martin  2000      2026-03-02  2026-04-01
    settled   Boulangerie Martin   500      2026-03-02  2026-04-01
    justif    Boulangerie Martin   400      2026-03-02  2026-04-01
    usd       Boulangerie Martin  1000 USD  2026-05-01  2026-06-01
    c2a       Garage Dupont       3000      2026-01-30  2026-03-01
    c2b       Garage Dupont        800      2026-06-15  2026-07-15
    ========  ==================  ========  ==========  ==========

    1 EUR = 2 USD: the USD invoice is 500.00 EUR. Nothing is paid.

    Disputes (owner Jane Doe; deadline = opening + 30 days):

    ====  =======  =====================  ==========  ==========  ================
    inv   amount   reason                 opened      deadline    settled
    ====  =======  =====================  ==========  ==========  ================
    open   600.00  Quality                2026-04-25  2026-05-25  cancelled 05-01
    open   600.00  Quality                2026-06-10  2026-07-10  (open)
    late  2000.00  Missing purchase order 2026-04-15  2026-05-15  (open)
    sett.  500.00  Quality                2026-03-20  2026-04-19  rejected 04-01
    sett.  500.00  Quality                2026-04-20  2026-05-20  rejected 05-20
    jus.   400.00  Quality                2026-04-02  2026-05-02  justified 04-12
    usd    400 USD Quantity               2026-06-05  2026-07-05  (open)
    ====  =======  =====================  ==========  ==========  ================

    Garage Dupont: receivership judged on 2026-04-01.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french_terms(cls.env)
        cls.owner = cls.env["res.users"].create(
            {
                "name": "Jane Doe",
                "login": "jane.doe@example.com",
                "group_ids": [Command.set(cls.env.ref("base.group_user").ids)],
                "company_ids": [Command.set(cls.company.ids)],
                "company_id": cls.company.id,
            }
        )
        cls.quality = cls.env.ref("account_recouvrement_dispute.dispute_reason_quality")
        # a French name: the workbook shows the reason in the reader's language
        cls.quality.with_context(lang="fr_FR").name = "Qualité"
        cls.quantity = cls.env.ref(
            "account_recouvrement_dispute.dispute_reason_quantity"
        )
        # English only: a French reader gets the English name
        cls.no_po = (
            cls.env["recouvrement.dispute.reason"]
            .with_context(lang="en_US")
            .create({"name": "Missing purchase order", "sequence": 5})
        )
        cls.usd = cls.setup_other_currency("USD")  # 1 EUR = 2 USD

        cls.inv_open = cls._post_invoice(
            amount=1000.0, invoice_date=date(2026, 4, 1), due=date(2026, 6, 20)
        )
        cls.inv_late = cls._post_invoice(amount=2000.0, due=date(2026, 4, 1))
        cls.inv_settled = cls._post_invoice(amount=500.0, due=date(2026, 4, 1))
        cls.inv_justified = cls._post_invoice(amount=400.0, due=date(2026, 4, 1))
        cls.inv_usd = cls._post_invoice(
            amount=1000.0, due=date(2026, 6, 1), currency=cls.usd
        )
        cls.inv_c2a = cls._post_invoice(
            cls.customer_2, amount=3000.0, due=date(2026, 3, 1)
        )
        cls.inv_c2b = cls._post_invoice(
            cls.customer_2, amount=800.0, due=date(2026, 7, 15)
        )

        cls.cancelled = cls._dispute(cls.inv_open, date(2026, 4, 25), amount=600.0)
        cls._settle(cls.cancelled, "action_cancel", date(2026, 5, 1))
        cls.dispute_open = cls._dispute(cls.inv_open, date(2026, 6, 10), amount=600.0)
        cls.dispute_late = cls._dispute(cls.inv_late, date(2026, 4, 15), cls.no_po)
        cls.rejected_before = cls._dispute(cls.inv_settled, date(2026, 3, 20))
        cls._settle(cls.rejected_before, "action_reject", date(2026, 4, 1))
        cls.rejected = cls._dispute(cls.inv_settled, date(2026, 4, 20))
        cls._settle(cls.rejected, "action_reject", date(2026, 5, 20))
        cls.justified = cls._dispute(cls.inv_justified, date(2026, 4, 2))
        cls._settle(cls.justified, "action_resolve_justified", date(2026, 4, 12))
        cls.dispute_usd = cls._dispute(
            cls.inv_usd, date(2026, 6, 5), cls.quantity, amount=400.0
        )

        with freeze_time("2026-04-01"):
            cls.customer_2.write(
                {
                    "recouvrement_insolvency_state": "receivership",
                    "recouvrement_insolvency_date": date(2026, 4, 1),
                }
            )

    @classmethod
    def _dispute(cls, invoice, on, reason=None, **values):
        with freeze_time(on):
            return cls.env["recouvrement.dispute"].create(
                {
                    "move_id": invoice.id,
                    "reason_id": (reason or cls.quality).id,
                    "user_id": cls.owner.id,
                    **values,
                }
            )

    @staticmethod
    def _settle(dispute, action, on):
        with freeze_time(on):
            getattr(dispute, action)()

    def test_dispute_and_stage_columns_at_the_position_date(self):
        values = self._workbook(date(2026, 6, 30))
        cells = self._invoice_cells(
            values["Invoices"], "Dispute", "Recovery stage", "Residual (EUR)"
        )
        # the open disputes; dates in the reader's format (en_US: mm/dd/yyyy)
        self.assertEqual(
            cells[self.inv_open.name][:2],
            (
                f"{self.dispute_open.name} — Quality, followed by Jane Doe "
                "(deadline 07/10/2026)",
                None,
            ),
        )
        self.assertEqual(
            cells[self.inv_late.name][0],
            f"{self.dispute_late.name} — Missing purchase order, followed by "
            "Jane Doe (deadline 05/15/2026)",
        )
        self.assertEqual(
            cells[self.inv_usd.name][0],
            f"{self.dispute_usd.name} — Quantity, followed by Jane Doe "
            "(deadline 07/05/2026)",
        )
        # rejected, justified: settled before the position date
        self.assertIsNone(cells[self.inv_settled.name][0])
        self.assertIsNone(cells[self.inv_justified.name][0])
        # the insolvent customer's invoices, also the one invoiced after the
        # judgement
        for invoice in (self.inv_c2a, self.inv_c2b):
            self.assertEqual(
                cells[invoice.name][:2], (None, "Receivership since 04/01/2026")
            )
        self.assertEqual(cells[self.inv_usd.name][2], 500)

    def test_columns_rebuilt_at_past_dates(self):
        # 10 April: the late dispute (15 April) and the open one (10 June)
        # were not opened yet; the justified one (2 April, settled 12 April)
        # was open; the receivership (1 April) had been judged
        cells = self._invoice_cells(
            self._workbook(date(2026, 4, 10))["Invoices"], "Dispute", "Recovery stage"
        )
        self.assertEqual(
            set(cells) - {"Total"},
            {
                self.inv_open.name,
                self.inv_late.name,
                self.inv_settled.name,
                self.inv_justified.name,
                self.inv_c2a.name,
            },
        )
        self.assertEqual(
            cells[self.inv_justified.name][0],
            f"{self.justified.name} — Quality, followed by Jane Doe "
            "(deadline 05/02/2026)",
        )
        for invoice in (self.inv_open, self.inv_late, self.inv_settled):
            self.assertIsNone(cells[invoice.name][0], invoice.name)
        self.assertEqual(cells[self.inv_c2a.name][1], "Receivership since 04/01/2026")
        # 28 April: the dispute cancelled on 1 May was open then
        cells = self._invoice_cells(
            self._workbook(date(2026, 4, 28))["Invoices"], "Dispute"
        )
        self.assertTrue(cells[self.inv_open.name][0].startswith(self.cancelled.name))
        self.assertTrue(cells[self.inv_settled.name][0].startswith(self.rejected.name))
        # 25 March: the first dispute on the settled invoice, no proceedings yet
        values = self._workbook(date(2026, 3, 25))
        cells = self._invoice_cells(values["Invoices"], "Dispute", "Recovery stage")
        self.assertTrue(
            cells[self.inv_settled.name][0].startswith(self.rejected_before.name)
        )
        self.assertIsNone(cells[self.inv_late.name][0])
        self.assertIsNone(cells[self.inv_c2a.name][1])
        section = self._section(values["Summary"], "Disputes and insolvency")
        self.assertEqual(
            dict((label, value) for label, value, _note in section)[
                "Receivables of customers under insolvency proceedings"
            ],
            0,
        )

    def test_summary_disputes_and_insolvency(self):
        values = self._workbook(date(2026, 6, 30))
        sheet = values["Summary"]
        section = {
            label: value
            for label, value, _note in self._section(sheet, "Disputes and insolvency")
        }
        # open on 30 June: open 600.00 + late 2,000.00 + usd 400 USD / 2 =
        # 200.00 EUR → 3 disputes, 2,800.00
        self.assertEqual(section["Open disputes at the position date"], 3)
        self.assertEqual(section["Disputed amount of the open disputes"], 2800)
        # past their deadline on 30 June: late (15 May) only
        self.assertEqual(section["Open disputes past their deadline"], 1)
        self.assertEqual(section["Disputed amount past the deadline"], 2000)
        # settled over 2 April – 30 June: rejected 20 May (30 days after
        # 20 April) and justified 12 April (10 days after 2 April); the one
        # rejected on 1 April is before the period, the cancelled one is
        # not a settlement → 2 disputes, (30 + 10) / 2 = 20 days
        self.assertEqual(
            section["Disputes settled over the period (justified or rejected)"], 2
        )
        self.assertEqual(section["Average days to settle a dispute"], 20)
        # Garage Dupont on 30 June: 3,000.00 + 800.00 = 3,800.00
        self.assertEqual(
            section["Receivables of customers under insolvency proceedings"], 3800
        )
        # per reason, in the reasons' order: Missing purchase order (5),
        # Quantity (20), Quality (30)
        self.assertEqual(
            self._section(sheet, "Open disputes by reason"),
            [
                ("Missing purchase order", 2000, 1),
                ("Quantity", 200, 1),
                ("Quality", 600, 1),
            ],
        )
        # by recovery stage: Garage Dupont's 2 invoices, 3,800.00; the rest
        # 1,000 + 2,000 + 500 + 400 + 500 (usd) = 4,400.00 in 5 invoices
        self.assertEqual(
            self._section(sheet, "Receivables by recovery stage"),
            [
                ("Receivership (redressement judiciaire)", 3800, 2),
                ("No stage", 4400, 5),
            ],
        )

    def test_french_workbook(self):
        """The reason in the reader's language when it has one, else in
        English; dates in the French format."""
        values = self._workbook(date(2026, 6, 30), lang="fr_FR")
        cells = self._invoice_cells(values["Factures"], "Litige")
        self.assertIn("Qualité", cells[self.inv_open.name][0])
        self.assertIn("10/07/2026", cells[self.inv_open.name][0])
        self.assertIn("Missing purchase order", cells[self.inv_late.name][0])
        self.assertIn(
            ("Qualité", 600, 1),
            [tuple(row[:3]) for row in values["Synthèse"].iter_rows(values_only=True)],
        )

    def test_kpis_follow_the_filters(self):
        report = self.env["recouvrement.receivable.report"]

        def kpis(**filters):
            return report._get_dispute_kpis(
                report._normalize_options(
                    {
                        "date": date(2026, 6, 30),
                        "company_id": self.company.id,
                        **filters,
                    }
                )
            )

        # Garage Dupont: no dispute, all its receivables under proceedings
        garage = kpis(partner_ids=self.customer_2.ids)
        self.assertEqual((garage["open_count"], garage["settled_count"]), (0, 0))
        self.assertIsNone(garage["average_days_to_resolve"])
        self.assertEqual(garage["insolvent_residual"], 3800)
        # selected invoices: the late one and the settled one
        selected = kpis(move_ids=(self.inv_late | self.inv_settled).ids)
        self.assertEqual((selected["open_count"], selected["open_amount"]), (1, 2000))
        self.assertEqual(
            (selected["settled_count"], selected["average_days_to_resolve"]), (1, 30)
        )
        self.assertEqual(selected["insolvent_residual"], 0)

    def test_queries_do_not_grow_with_disputes(self):
        """The rows stay one query (read through one cursor) and the dispute
        figures three, however many disputes there are."""
        report = self.env["recouvrement.receivable.report"]
        opts = report._normalize_options(
            {"date": date(2026, 6, 30), "company_id": self.company.id}
        )

        def count_queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = list(report._iter_rows(opts))
            report._get_dispute_kpis(opts)
            return self.env.cr.sql_log_count - before, len(rows)

        count_queries()  # caches warmed up
        queries, rows = count_queries()
        for amount in (100.0, 200.0, 300.0):
            invoice = self._post_invoice(
                self.customer_2, amount=amount, due=date(2026, 5, 1)
            )
            self._dispute(invoice, date(2026, 5, 5))
        more_queries, more_rows = count_queries()
        self.assertEqual(more_rows, rows + 3)
        self.assertEqual(more_queries, queries)

    def test_analysis_by_dispute_and_proceedings(self):
        """The pivot's open receivables (today's residuals) by dispute reason
        and by insolvency proceedings."""
        analysis = self.env["recouvrement.receivable.analysis"]
        domain = [("company_id", "=", self.company.id)]
        with freeze_time("2026-06-30"):
            by_reason = dict(
                analysis._read_group(
                    domain, ["dispute_reason_id"], ["amount_residual:sum"]
                )
            )
            by_state = dict(
                analysis._read_group(
                    domain, ["insolvency_state"], ["amount_residual:sum"]
                )
            )
            disputed = analysis.search_count([*domain, ("disputed", "=", True)])
        # the invoices with an open dispute: late 2,000.00, usd 500.00 EUR,
        # open 1,000.00; the others: 500 + 400 + 3,000 + 800 = 4,700.00
        self.assertEqual(
            by_reason,
            {
                self.no_po: 2000,
                self.quantity: 500,
                self.quality: 1000,
                self.quality.browse(): 4700,
            },
        )
        self.assertEqual(disputed, 3)
        self.assertEqual(by_state, {"receivership": 3800, "none": 4400})
