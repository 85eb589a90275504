"""Litigation cases in the outstanding receivables workbook and the analysis
(issue #13): the Recovery stage column names the case open on the invoice at
the position date, the summary gives the receivables in litigation per
stage, the analysis groups by litigation stage."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ReceivablesWorkbookCommon


@tagged("post_install", "-at_install")
class TestReceivablesCases(ReceivablesWorkbookCommon):
    """Invoices without tax, due 2026-03-02:

    =======  ==================  ======  ===================================
    invoice  customer            total   litigation case
    =======  ==================  ======  ===================================
    a        Boulangerie Martin  1000    X opened 03/20, Injonction de payer
    b        Boulangerie Martin   300    X
    c        Garage Dupont        700    Y opened 03/25, closed 04/15 settled
    free     Garage Dupont        400    none
    =======  ==================  ======  ===================================

    b is paid 100.00 on 04/02.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Case = cls.env["recouvrement.case"]
        cls.inv_a = cls._post_invoice(amount=1000.0)
        cls.inv_b = cls._post_invoice(amount=300.0)
        cls.inv_c = cls._post_invoice(cls.customer_2, amount=700.0)
        cls.inv_free = cls._post_invoice(cls.customer_2, amount=400.0)
        with freeze_time("2026-03-20"):
            cls.case_x = Case.create(
                {"move_ids": [Command.set((cls.inv_a | cls.inv_b).ids)]}
            )
            cls.case_x.action_open()
            cls.case_x.stage_id = cls.env.ref(
                "account_recouvrement_litigation.stage_injonction"
            )
        with freeze_time("2026-03-25"):
            cls.case_y = Case.create({"move_ids": [Command.set(cls.inv_c.ids)]})
            cls.case_y.action_open()
        with freeze_time("2026-04-02", tick=True):
            cls._register_payment(cls.inv_b, amount=100.0, payment_date="2026-04-02")
        with freeze_time("2026-04-15"):
            cls.case_y.action_close("settled")
        cls.env.flush_all()

    def test_recovery_stage_column(self):
        cells = self._invoice_cells(
            self._workbook(date(2026, 4, 10))["Invoices"], "Recovery stage"
        )
        x, y = self.case_x.name, self.case_y.name
        self.assertEqual(
            cells[self.inv_a.name], (f"Litigation {x} — Injonction de payer",)
        )
        self.assertEqual(
            cells[self.inv_b.name], (f"Litigation {x} — Injonction de payer",)
        )
        # its stage today: the stages a case went through are not dated
        self.assertEqual(cells[self.inv_c.name], (f"Litigation {y} — Clos",))
        self.assertIn(cells[self.inv_free.name], ((None,), ("",)))
        # before the cases were opened, and after Y was closed
        cells = self._invoice_cells(
            self._workbook(date(2026, 3, 19))["Invoices"], "Recovery stage"
        )
        self.assertIn(cells[self.inv_a.name], ((None,), ("",)))
        cells = self._invoice_cells(
            self._workbook(date(2026, 4, 30))["Invoices"], "Recovery stage"
        )
        self.assertIn(cells[self.inv_c.name], ((None,), ("",)))
        self.assertEqual(
            cells[self.inv_a.name], (f"Litigation {x} — Injonction de payer",)
        )

    def test_summary_litigation_by_stage(self):
        summary = self._workbook(date(2026, 4, 10))["Summary"]
        section = self._section(summary, "Receivables in litigation by stage")
        # X: 1,000.00 + 200.00 left on b; Y: 700.00 (its stage today)
        self.assertEqual(
            section,
            [
                ("Injonction de payer", 1200.0, 2),
                ("Clos", 700.0, 1),
                ("Total in litigation", 1900.0, 3),
            ],
        )
        rows = list(summary.iter_rows(values_only=True))
        start = next(
            i
            for i, row in enumerate(rows)
            if row[0] == "Receivables in litigation by stage"
        )
        self.assertEqual(rows[start][3], "Cases")
        self.assertEqual(rows[start + 3][3], 2)
        # on 04/30: Y closed, only X
        section = self._section(
            self._workbook(date(2026, 4, 30))["Summary"],
            "Receivables in litigation by stage",
        )
        self.assertEqual(
            section,
            [("Injonction de payer", 1200.0, 2), ("Total in litigation", 1200.0, 2)],
        )

    def test_analysis_by_litigation_stage(self):
        analysis = self.env["recouvrement.receivable.analysis"]
        domain = [("company_id", "=", self.company.id)]
        groups = analysis._read_group(
            [*domain, ("in_litigation", "=", True)],
            ["case_stage_id"],
            ["amount_residual:sum"],
        )
        self.assertEqual(
            [(stage.name, amount) for stage, amount in groups],
            [("Injonction de payer", 1200.0)],
        )
        self.assertEqual(
            analysis.search([*domain, ("in_litigation", "=", True)]).case_id,
            self.case_x,
        )
