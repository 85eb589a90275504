"""Payment plans in the outstanding receivables workbook (issue #11): the
Payment plan column as it was at the position date, the "Payment plans"
figures of the summary, and the analysis filter."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ReceivablesWorkbookCommon


@tagged("post_install", "-at_install")
class TestReceivablesPlans(ReceivablesWorkbookCommon):
    """The ledger of these tests (invoices without tax, due 2026-03-02):

    =======  ==================  ======  =====================================
    invoice  customer            total   payment plan
    =======  ==================  ======  =====================================
    a        Boulangerie Martin   900    A: 3 × 300.00 on 04/15, 05/15, 06/15
    b        Boulangerie Martin  1000    B: 333.33, 333.33, 333.34, same dates
    c        Garage Dupont       1200    C: 3 × 400.00 on 04/01, 05/01, 06/01
    d        Garage Dupont        500    D: 2 × 250.00 on 04/15, 05/15
    draft    Garage Dupont        400    a draft, its signature date typed
    free     Boulangerie Martin   700    none
    =======  ==================  ======  =====================================

    Plans made on 03/05, 5 days of grace; A, C and D signed on 03/10, B on
    03/12, the draft's signature typed as 03/06 but never activated.

    Payments: a 300.00 on 04/10 and 300.00 on 05/12 (A honoured); d 500.00
    on 04/10 (D paid off, done on 04/11); b 333.33 on 04/25 (B's first
    instalment late, its second unpaid). Nothing on c: reminded on 04/07
    (04/01 + 5 days of grace), breached on 04/22 (15 days after the
    reminder).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["recouvrement.plan"]
        cls.inv_a = cls._post_invoice(amount=900.0)
        cls.inv_b = cls._post_invoice(amount=1000.0)
        cls.inv_c = cls._post_invoice(cls.customer_2, amount=1200.0)
        cls.inv_d = cls._post_invoice(cls.customer_2, amount=500.0)
        cls.inv_draft = cls._post_invoice(cls.customer_2, amount=400.0)
        cls.inv_free = cls._post_invoice(amount=700.0)

        cls.plan_a = cls._plan(cls.inv_a)
        cls.plan_b = cls._plan(cls.inv_b)
        cls.plan_c = cls._plan(cls.inv_c, first_date=date(2026, 4, 1))
        cls.plan_d = cls._plan(cls.inv_d, installment_count=2)
        cls.plan_draft = cls._plan(cls.inv_draft, signed_date=date(2026, 3, 6))
        for plan in (cls.plan_a, cls.plan_c, cls.plan_d):
            cls._activate(plan, date(2026, 3, 10))
        cls._activate(cls.plan_b, date(2026, 3, 12))

        cls._follow(date(2026, 4, 7))
        cls._pay_on(cls.inv_a, 300.0, date(2026, 4, 10))
        cls._pay_on(cls.inv_d, 500.0, date(2026, 4, 10))
        cls._follow(date(2026, 4, 11))
        cls._follow(date(2026, 4, 22))
        cls._pay_on(cls.inv_b, 333.33, date(2026, 4, 25))
        cls._pay_on(cls.inv_a, 300.0, date(2026, 5, 12))

    # the instalments' state depends on the day it is computed: each step
    # is flushed on its own day

    @classmethod
    def _plan(cls, invoices, **values):
        with freeze_time("2026-03-05"):
            plan = cls.Plan.create(
                {
                    "move_ids": [Command.set(invoices.ids)],
                    "first_date": date(2026, 4, 15),
                    **values,
                }
            )
            cls.env.flush_all()
        return plan

    @classmethod
    def _activate(cls, plan, on):
        with freeze_time(on):
            plan.action_activate(signed_date=on)
            cls.env.flush_all()

    @classmethod
    def _follow(cls, on):
        with freeze_time(on):
            result = cls.env["recouvrement.plan.follow"]._follow(today=on)
            cls.env.flush_all()
        return result

    @classmethod
    def _pay_on(cls, invoice, amount, on):
        with freeze_time(on):
            cls._register_payment(invoice, payment_date=on, amount=amount)
            cls.env.flush_all()

    def _plan_cells(self, on):
        return {
            name: cells[0]
            for name, cells in self._invoice_cells(
                self._workbook(on)["Invoices"], "Payment plan"
            ).items()
        }

    def _plan_kpis(self, on, **filters):
        report = self.env["recouvrement.receivable.report"]
        return report._get_plan_kpis(
            report._normalize_options(
                {"date": on, "company_id": self.company.id, **filters}
            )
        )

    def test_the_scenario(self):
        self.assertEqual(
            [
                (plan.state, plan.signed_date, plan.close_date)
                for plan in (self.plan_a, self.plan_b, self.plan_c, self.plan_d)
            ],
            [
                ("active", date(2026, 3, 10), False),
                ("active", date(2026, 3, 12), False),
                ("breached", date(2026, 3, 10), date(2026, 4, 22)),
                ("done", date(2026, 3, 10), date(2026, 4, 11)),
            ],
        )
        self.assertEqual(self.plan_c.breach_date, date(2026, 4, 22))
        self.assertEqual(
            (self.plan_draft.state, self.plan_draft.signed_date),
            ("draft", date(2026, 3, 6)),
        )

    def test_plan_column_at_the_position_date(self):
        cells = self._plan_cells(date(2026, 5, 31))
        # A: 300.00 + 300.00 paid, the first two instalments; the third next
        self.assertEqual(
            cells[self.inv_a.name],
            f"{self.plan_a.name} — next instalment 300.00\xa0€ on 06/15/2026",
        )
        # B: 333.33 paid, the first instalment; the second (05/15) overdue,
        # the third next
        self.assertEqual(
            cells[self.inv_b.name],
            f"{self.plan_b.name} — next instalment 333.34\xa0€ on 06/15/2026; "
            "1 instalment overdue (333.33\xa0€)",
        )
        # C breached on 04/22, D paid off (no row), the draft never signed
        self.assertIsNone(cells[self.inv_c.name])
        self.assertNotIn(self.inv_d.name, cells)
        self.assertIsNone(cells[self.inv_draft.name])
        self.assertIsNone(cells[self.inv_free.name])

    def test_plan_column_rebuilt_at_past_dates(self):
        # 04/17: the payments of 04/25 and 05/12 not made yet; C not breached
        # yet, D done since 04/11 (its invoice paid: no row)
        cells = self._plan_cells(date(2026, 4, 17))
        self.assertEqual(
            cells[self.inv_a.name],
            f"{self.plan_a.name} — next instalment 300.00\xa0€ on 05/15/2026",
        )
        self.assertEqual(
            cells[self.inv_b.name],
            f"{self.plan_b.name} — next instalment 333.33\xa0€ on 05/15/2026; "
            "1 instalment overdue (333.33\xa0€)",
        )
        self.assertEqual(
            cells[self.inv_c.name],
            f"{self.plan_c.name} — next instalment 400.00\xa0€ on 05/01/2026; "
            "1 instalment overdue (400.00\xa0€)",
        )
        self.assertNotIn(self.inv_d.name, cells)
        # 04/08: D not paid yet, in force
        cells = self._plan_cells(date(2026, 4, 8))
        self.assertEqual(
            cells[self.inv_d.name],
            f"{self.plan_d.name} — next instalment 250.00\xa0€ on 04/15/2026",
        )

    def test_no_plan_before_its_signature(self):
        # 03/11: A, C and D signed the day before, B the day after; the
        # draft's typed signature (03/06) does not make it a plan
        cells = self._plan_cells(date(2026, 3, 11))
        self.assertEqual(
            cells[self.inv_a.name],
            f"{self.plan_a.name} — next instalment 300.00\xa0€ on 04/15/2026",
        )
        self.assertIsNone(cells[self.inv_b.name])
        self.assertIsNone(cells[self.inv_draft.name])
        # 03/09: none signed yet
        values = self._workbook(date(2026, 3, 9))
        cells = self._invoice_cells(values["Invoices"], "Payment plan")
        self.assertEqual(
            {name: plan for name, (plan,) in cells.items() if name != "Total"},
            dict.fromkeys(
                (
                    self.inv_a.name,
                    self.inv_b.name,
                    self.inv_c.name,
                    self.inv_d.name,
                    self.inv_draft.name,
                    self.inv_free.name,
                )
            ),
        )
        section = {
            label: value
            for label, value, _note in self._section(values["Summary"], "Payment plans")
        }
        self.assertEqual(section["Active payment plans at the position date"], 0)
        self.assertEqual(section["Amount still due under active plans"], 0)

    def test_plan_cancelled_once_signed_covers_until_then(self):
        with freeze_time("2026-05-20"):
            self.plan_a.action_cancel()
        self.assertEqual(self.plan_a.close_date, date(2026, 5, 20))
        self.assertTrue(self._plan_cells(date(2026, 5, 19))[self.inv_a.name])
        self.assertIsNone(self._plan_cells(date(2026, 5, 20))[self.inv_a.name])
        # given up before it was signed: it never covered its invoice
        with freeze_time("2026-05-20"):
            self.plan_draft.action_cancel()
        self.assertFalse(self.plan_draft.close_date)
        self.assertIsNone(self._plan_cells(date(2026, 5, 19))[self.inv_draft.name])

    def test_summary_payment_plans(self):
        values = self._workbook(date(2026, 5, 31))
        section = {
            label: value
            for label, value, _note in self._section(values["Summary"], "Payment plans")
        }
        # in force on 05/31: A and B (C breached on 04/22, D done on 04/11);
        # their invoices owe 900.00 − 600.00 = 300.00 and 1,000.00 − 333.33
        # = 666.67 → 966.67
        self.assertEqual(section["Active payment plans at the position date"], 2)
        self.assertEqual(section["Amount still due under active plans"], 966.67)
        # the KPI period: 03/03 (05/31 − 89 days) to 05/31. Instalments due:
        # A 04/15 (300.00 paid 04/10) and 05/15 (600.00 paid by 05/12): on
        # time; B 04/15 (paid 04/25, after 04/15 + 5 days) and 05/15 (unpaid):
        # late; C 04/01 (unpaid): late, its 05/01 after the breach is not
        # counted; D 04/15 and 05/15 (500.00 paid 04/10): on time. The
        # draft's do not count. 7 due, 4 on time, none still in grace →
        # 4 / 7 = 57.1 %
        self.assertEqual(section["Instalments due over the period"], 7)
        self.assertEqual(section["Instalments paid on time"], 4)
        self.assertEqual(
            section["Instalments not paid yet, still within their grace period"], 0
        )
        self.assertAlmostEqual(section["Instalments paid on time (%)"], 4 / 7)
        # C, breached on 04/22 with nothing paid: 1,200.00 due at once
        self.assertEqual(section["Payment plans breached over the period"], 1)
        self.assertEqual(section["Balance of the breached plans"], 1200)
        # the Invoices sheet: the rows under a plan add up to the same amount
        cells = self._invoice_cells(
            values["Invoices"], "Payment plan", "Residual (EUR)"
        )
        self.assertEqual(
            round(sum(residual for plan, residual in cells.values() if plan), 2),
            966.67,
        )

    def test_instalments_still_within_their_grace(self):
        # 04/17, KPI period 01/18 to 04/17: A 04/15 paid 04/10: on time;
        # B 04/15 unpaid but its grace runs to 04/20: still within it; C
        # 04/01 unpaid: late; D 04/15 paid 04/10: on time → 4 due, 2 on
        # time, 1 within its grace → 2 / (4 − 1) = 66.7 %. In force: A, B,
        # C (D closed on 04/11): 600.00 + 1,000.00 + 1,200.00 = 2,800.00
        kpis = self._plan_kpis(date(2026, 4, 17))
        self.assertAlmostEqual(kpis.pop("on_time_ratio"), 200 / 3)
        self.assertEqual(
            kpis,
            {
                "active_count": 3,
                "active_amount": 2800.0,
                "due_count": 4,
                "on_time_count": 2,
                "pending_count": 1,
                "breached_count": 0,
                "breached_amount": 0.0,
            },
        )

    def test_kpis_follow_the_filters(self):
        on = date(2026, 5, 31)
        # Garage Dupont: C breached and D done, none in force; due: C 04/01
        # (late), D 04/15 and 05/15 (on time); C breached, 1,200.00
        garage = self._plan_kpis(on, partner_ids=self.customer_2.ids)
        self.assertEqual((garage["active_count"], garage["active_amount"]), (0, 0))
        self.assertEqual((garage["due_count"], garage["on_time_count"]), (3, 2))
        self.assertEqual(
            (garage["breached_count"], garage["breached_amount"]), (1, 1200)
        )
        # the invoice b selected: B, 666.67 left; 2 due, none on time
        selected = self._plan_kpis(on, move_ids=self.inv_b.ids)
        self.assertEqual(
            (selected["active_count"], selected["active_amount"]), (1, 666.67)
        )
        self.assertEqual((selected["due_count"], selected["on_time_count"]), (2, 0))
        self.assertEqual(selected["on_time_ratio"], 0)
        self.assertEqual(selected["breached_count"], 0)

    def test_queries_do_not_grow_with_plans(self):
        """The rows stay one query (read through one cursor) and the plan
        figures three, however many plans there are."""
        report = self.env["recouvrement.receivable.report"]
        opts = report._normalize_options(
            {"date": date(2026, 5, 31), "company_id": self.company.id}
        )

        def count_queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = list(report._iter_rows(opts))
            report._get_plan_kpis(opts)
            return self.env.cr.sql_log_count - before, rows

        count_queries()  # caches warmed up
        queries, rows = count_queries()
        for amount in (600.0, 900.0, 1200.0):
            invoice = self._post_invoice(self.customer_2, amount=amount)
            plan = self._plan(invoice)
            self._activate(plan, date(2026, 3, 10))
            self._pay_on(invoice, 100.0, date(2026, 4, 20))
        more_queries, more_rows = count_queries()
        self.assertEqual(len(more_rows), len(rows) + 3)
        self.assertEqual(sum(bool(row["payment_plan"]) for row in more_rows), 5)
        self.assertEqual(more_queries, queries)

    def test_analysis_under_a_plan(self):
        """Today's open receivables under an active plan (A and B)."""
        analysis = self.env["recouvrement.receivable.analysis"]
        domain = [("company_id", "=", self.company.id)]
        with freeze_time("2026-05-31"):
            by_plan = dict(
                analysis._read_group(domain, ["under_plan"], ["amount_residual:sum"])
            )
            plans = analysis.search([*domain, ("under_plan", "=", True)]).plan_id
        # A 300.00 + B 666.67; the others 1,200.00 + 400.00 + 700.00
        self.assertEqual(by_plan, {True: 966.67, False: 2300})
        self.assertEqual(plans, self.plan_a | self.plan_b)
