from datetime import date, timedelta
from io import BytesIO

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RecouvrementCommon, load_french_terms

REPORT = "account_recouvrement_receivables.action_report_receivables_xlsx"
BUCKET_COLUMNS = ("L", "M", "N", "O", "P")  # not due, 1–30, 31–60, 61–90, > 90
INVOICE_HEADERS = [
    "Client",
    "SIREN",
    "N° TVA",
    "Facture",
    "Date facture",
    "Échéance",
    "Jours de retard",
    "Devise",
    "Montant initial",
    "Reste dû",
    "Reste dû (EUR)",
    "Non échu",
    "1–30 j",
    "31–60 j",
    "61–90 j",
    "> 90 j",
    "Niveau de relance",
    "Dernière relance",
    "Litige",
    "Échéancier",
    "Affacturage",
    "Étape de recouvrement",
]


@tagged("post_install", "-at_install")
class TestReceivablesXlsx(RecouvrementCommon):
    """The ledger of these tests, on 30 June 2026 (KPI period: 2 April – 30 June):

    ===  ==================  =====  ==========  ==========  ==========================
    inv  customer            total  inv. date   due         payments
    ===  ==================  =====  ==========  ==========  ==========================
    a    Boulangerie Martin   1000  2026-05-21  2026-06-20
    b    Boulangerie Martin   2000  2026-03-02  2026-04-01  500 on 2026-05-10
    c    Garage Dupont        3000  2026-01-30  2026-03-01  1000 on 2026-06-25
    d    Garage Dupont         800  2026-06-15  2026-07-15
    e    Boulangerie Martin    400  2026-04-15  2026-05-15  400 on 2026-06-01 (paid)
    ===  ==================  =====  ==========  ==========  ==========================
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the workbook is written in the user's language: these tests read it
        # in French, as the credit controllers do
        load_french_terms(cls.env)
        cls.customer.company_registry = "732 829 320 00074"
        cls.customer.vat = "FR44732829320"
        cls.inv_a = cls._post_invoice(amount=1000.0, due=date(2026, 6, 20))
        cls.inv_b = cls._post_invoice(amount=2000.0, due=date(2026, 4, 1))
        cls.inv_c = cls._post_invoice(
            cls.customer_2, amount=3000.0, due=date(2026, 3, 1)
        )
        cls.inv_d = cls._post_invoice(
            cls.customer_2, amount=800.0, due=date(2026, 7, 15)
        )
        cls.inv_e = cls._post_invoice(amount=400.0, due=date(2026, 5, 15))
        for invoice, amount, on in (
            (cls.inv_b, 500.0, date(2026, 5, 10)),
            (cls.inv_c, 1000.0, date(2026, 6, 25)),
            (cls.inv_e, 400.0, date(2026, 6, 1)),
        ):
            with freeze_time(on, tick=True):
                cls._register_payment(invoice, amount=amount, payment_date=on)

    def _options(self, on, **filters):
        return {"date": on, "company_id": self.company.id, **filters}

    def _workbook(self, docids=None, lang="fr_FR", **options):
        data = {}
        if options:
            report = self.env["recouvrement.receivable.report"]
            data = {
                "receivables_options": report._serialize_options(
                    self._options(**options)
                )
            }
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_xlsx(REPORT, docids or [], data)
        )
        self.assertEqual(kind, "xlsx")
        # formulas, and the values Excel shows (cached by the writer)
        return load_workbook(BytesIO(content)), load_workbook(
            BytesIO(content), data_only=True
        )

    @staticmethod
    def _summary(sheet):
        """{label: value} of the summary sheet's first two columns."""
        return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}

    def test_workbook_matches_ledger(self):
        formulas, values = self._workbook(on=date(2026, 6, 30))
        self.assertEqual(values.sheetnames, ["Factures", "Clients", "Synthèse"])
        sheet = values["Factures"]
        self.assertEqual([cell.value for cell in sheet[1]], INVOICE_HEADERS)
        self.assertEqual(sheet.freeze_panes, "B2")
        self.assertEqual(sheet.auto_filter.ref, "A1:V5")
        # sorted by customer, then oldest due date
        invoices = [self.inv_b, self.inv_a, self.inv_c, self.inv_d]
        self.assertEqual(
            [sheet[f"D{row}"].value for row in range(2, 6)],
            [inv.name for inv in invoices],
        )
        for row, invoice in enumerate(invoices, start=2):
            self.assertEqual(sheet[f"F{row}"].value.date(), invoice.invoice_date_due)
            self.assertEqual(sheet[f"I{row}"].value, invoice.amount_total)
            self.assertEqual(
                sheet[f"J{row}"].value, invoice.amount_residual, invoice.name
            )
            self.assertEqual(
                sheet[f"K{row}"].value, invoice.amount_residual, invoice.name
            )
        row_b = [cell.value for cell in sheet[2]]
        self.assertEqual(
            row_b[:3], ["Boulangerie Martin", "732829320", "FR44732829320"]
        )
        self.assertEqual(row_b[4].date(), date(2026, 3, 2))
        self.assertEqual(sheet["E2"].number_format, "dd/mm/yyyy")
        self.assertEqual(sheet["K2"].number_format, '#,##0.00 "€"')
        self.assertEqual(row_b[6], 90)
        self.assertEqual(row_b[7], "EUR")
        # buckets: b 90 days late, a 10, c 121, d not due (-15)
        expected_buckets = [
            (0, 0, 0, 1500, 0),
            (0, 1000, 0, 0, 0),
            (0, 0, 0, 0, 2000),
            (800, 0, 0, 0, 0),
        ]
        for row, expected in enumerate(expected_buckets, start=2):
            got = tuple(sheet[f"{col}{row}"].value for col in BUCKET_COLUMNS)
            self.assertEqual(got, expected, f"buckets of row {row}")
        self.assertEqual(sheet["G5"].value, -15)
        # no dispute, payment plan, factoring or proceedings: empty cells
        self.assertEqual({sheet[f"{col}3"].value for col in "STUV"}, {None})
        # totals row: formulas, and their values
        self.assertEqual(sheet["A6"].value, "Total")
        self.assertEqual(formulas["Factures"]["K6"].value, "=SUM(K2:K5)")
        self.assertEqual(formulas["Factures"]["P6"].value, "=SUM(P2:P5)")
        self.assertEqual(sheet["K6"].value, 5300)
        self.assertEqual(
            [sheet[f"{col}6"].value for col in BUCKET_COLUMNS],
            [800, 1000, 0, 1500, 2000],
        )

        clients = values["Clients"]
        self.assertEqual(
            [row[:10] for row in clients.iter_rows(min_row=2, values_only=True)],
            [
                (
                    "Boulangerie Martin",
                    "732829320",
                    "FR44732829320",
                    2,
                    2500,
                    0,
                    1000,
                    0,
                    1500,
                    0,
                ),
                ("Garage Dupont", None, None, 2, 2800, 800, 0, 0, 0, 2000),
                ("Total", None, None, 4, 5300, 800, 1000, 0, 1500, 2000),
            ],
        )
        self.assertEqual(formulas["Clients"]["E4"].value, "=SUM(E2:E3)")

        summary = self._summary(values["Synthèse"])
        self.assertEqual(summary["Date de situation"].date(), date(2026, 6, 30))
        self.assertEqual(
            summary["Début de la période des indicateurs"].date(), date(2026, 4, 2)
        )
        self.assertEqual(summary["Nombre de jours de la période"], 90)
        self.assertEqual(summary["Encours total"], 5300)
        self.assertEqual(summary["Encours échu"], 4500)
        self.assertAlmostEqual(
            summary["Taux d'impayés (encours échu / encours total)"], 4500 / 5300
        )
        # opening on 1 April: b 2000 + c 3000; sales of the period: a, d, e
        self.assertEqual(summary["Encours d'ouverture (veille du début)"], 5000)
        self.assertEqual(summary["Ventes TTC de la période (avoirs déduits)"], 2200)
        self.assertEqual(summary["Encaissé sur la période (paiements reçus)"], 1900)
        self.assertAlmostEqual(
            summary["DSO, méthode comptable (jours)"], 5300 / 2200 * 90, 4
        )
        self.assertAlmostEqual(summary["Taux de recouvrement"], 1900 / 7200, 5)
        self.assertAlmostEqual(
            summary["CEI (indice d'efficacité du recouvrement)"], 1900 / (7200 - 800), 5
        )
        self.assertEqual(summary["> 90 j"], 2000)
        self.assertEqual(summary["Sans niveau"], 5300)
        summary_formulas = self._summary(formulas["Synthèse"])
        self.assertTrue(
            summary_formulas["DSO, méthode comptable (jours)"].startswith("=IF(")
        )
        self.assertEqual(summary_formulas["> 90 j"], "='Factures'!$P$6")

    def test_past_date_ignores_later_payments(self):
        """On 31 May, c's payment of 25 June and e's of 1 June had not been
        made, and d was not invoiced yet."""
        _formulas, values = self._workbook(on=date(2026, 5, 31))
        sheet = values["Factures"]
        rows = {
            row[3]: row
            for row in sheet.iter_rows(min_row=2, max_row=5, values_only=True)
        }
        self.assertEqual(
            set(rows),
            {self.inv_a.name, self.inv_b.name, self.inv_c.name, self.inv_e.name},
        )
        # residual (K), days late (G), bucket amounts (L..P)
        expected = {
            self.inv_a: (1000, -20, (1000, 0, 0, 0, 0)),
            self.inv_b: (1500, 60, (0, 0, 1500, 0, 0)),
            self.inv_c: (3000, 91, (0, 0, 0, 0, 3000)),
            self.inv_e: (400, 16, (0, 400, 0, 0, 0)),
        }
        for invoice, (residual, late, buckets) in expected.items():
            row = rows[invoice.name]
            self.assertEqual((row[10], row[6], row[11:16]), (residual, late, buckets))
        self.assertEqual(sheet["A6"].value, "Total")
        self.assertEqual(sheet["K6"].value, 5900)
        # the ledger on that day: amount minus the reconciliations up to then
        for invoice in (self.inv_a, self.inv_b, self.inv_c, self.inv_e):
            partials = invoice.line_ids.matched_credit_ids.filtered(
                lambda p: p.max_date <= date(2026, 5, 31)
            )
            self.assertEqual(
                rows[invoice.name][10],
                invoice.amount_total - sum(partials.mapped("amount")),
            )

    def test_print_selection_filters_and_bad_input(self):
        # Print on selected invoices: those only (paid ones give no row)
        _formulas, values = self._workbook(docids=(self.inv_c | self.inv_e).ids)
        sheet = values["Factures"]
        self.assertEqual(sheet["D2"].value, self.inv_c.name)
        self.assertEqual(sheet["A3"].value, "Total")
        self.assertEqual(sheet["K3"].value, self.inv_c.amount_residual)
        # an invoice in another currency: residual in its currency and in euros
        usd = self.setup_other_currency("USD")  # 1 EUR = 2 USD
        inv_usd = self._post_invoice(amount=1000.0, due=date(2026, 6, 1), currency=usd)
        _formulas, values = self._workbook(docids=inv_usd.ids)
        sheet = values["Factures"]
        self.assertEqual(
            [sheet[f"{col}2"].value for col in "HIJK"], ["USD", 1000, 1000, 500]
        )
        self.assertEqual(sheet["K2"].value, inv_usd.amount_residual_signed)
        self.assertEqual(sheet["J2"].number_format, '"$"#,##0.00')
        self.assertEqual(sheet["K2"].number_format, '#,##0.00 "€"')
        # nothing printable selected
        bill = self.init_invoice("in_invoice", amounts=[100.0], post=True)
        for docids in ([], bill.ids):
            with self.assertRaisesRegex(UserError, "Sélectionnez au moins une facture"):
                self._workbook(docids=docids)
        # zero rows: a valid workbook with the headers and a zero total
        nobody = self.env["res.users"].search([("id", "!=", self.env.user.id)], limit=1)
        _formulas, values = self._workbook(on=date(2026, 6, 30), user_ids=nobody.ids)
        sheet = values["Factures"]
        self.assertEqual([cell.value for cell in sheet[1]], INVOICE_HEADERS)
        self.assertEqual(sheet["A2"].value, "Total")
        self.assertEqual(sheet["K2"].value, 0)
        self.assertEqual(values["Clients"]["A2"].value, "Total")
        self.assertIsNone(self._summary(values["Synthèse"]).get("Sans étape"))
        # filters: customer and level
        rows = self.env["recouvrement.receivable.report"]._get_rows(
            self._options(date(2026, 6, 30), partner_ids=self.customer_2.ids)
        )
        self.assertEqual(
            [row["move_id"] for row in rows], (self.inv_c | self.inv_d).ids
        )
        self.inv_c.recouvrement_level_id = self.level_first
        rows = self.env["recouvrement.receivable.report"]._get_rows(
            self._options(date(2026, 6, 30), level_ids=self.level_first.ids)
        )
        self.assertEqual([row["move_id"] for row in rows], self.inv_c.ids)
        # a date in the future
        tomorrow = self._today() + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "dans le futur"):
            self._workbook(on=tomorrow)
        wizard = self.env["recouvrement.receivables.wizard"].create({"date": tomorrow})
        self.assertTrue(wizard.kpi_message)
        with self.assertRaisesRegex(UserError, "in the future"):
            wizard.action_export()

    def test_wizard_kpis_email_and_analysis(self):
        wizard = self.env["recouvrement.receivables.wizard"].create(
            {"date": date(2026, 6, 30), "company_id": self.company.id}
        )
        self.assertEqual(
            (wizard.date_from, wizard.date_to), (date(2026, 4, 2), date(2026, 6, 30))
        )
        self.assertEqual(wizard.kpi_total, 5300)
        self.assertAlmostEqual(wizard.kpi_dso, 5300 / 2200 * 90, 1)
        self.assertAlmostEqual(wizard.kpi_cei, 1900 / 6400 * 100, 1)
        action = wizard.action_export()
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(action["data"]["receivables_options"]["date"], "2026-06-30")
        content, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_xlsx(REPORT, [], action["data"])
        )
        self.assertEqual(
            load_workbook(BytesIO(content), data_only=True)["Factures"]["K6"].value,
            5300,
        )

        # weekly email to the managers, workbook attached in their language
        self.env.user.email = "manager@example.com"
        self.env.user.lang = "fr_FR"
        mails = self.env["recouvrement.receivable.report"]._send_weekly(self.company)
        self.assertEqual(len(mails), 1)
        self.assertIn(self.env.user.partner_id, mails.recipient_ids)
        self.assertEqual(len(mails.attachment_ids), 1)
        self.assertTrue(mails.attachment_ids.name.endswith(".xlsx"))
        attached = load_workbook(BytesIO(mails.attachment_ids.raw), data_only=True)
        self.assertEqual(attached.sheetnames, ["Factures", "Clients", "Synthèse"])

        # pivot/graph model: the open receivables today, by aged bucket
        with freeze_time("2026-06-30"):
            groups = self.env["recouvrement.receivable.analysis"]._read_group(
                [("company_id", "=", self.company.id)],
                ["bucket"],
                ["amount_residual:sum"],
            )
        self.assertEqual(
            dict(groups),
            {"not_due": 800, "1_30": 1000, "61_90": 1500, "over_90": 2000},
        )

    def test_workbook_in_english(self):
        """The same workbook for a user working in English."""
        _formulas, values = self._workbook(on=date(2026, 6, 30), lang="en_US")
        self.assertEqual(values.sheetnames, ["Invoices", "Customers", "Summary"])
        headers = [cell.value for cell in values["Invoices"][1]]
        self.assertEqual(headers[:2], ["Customer", "SIREN"])
        self.assertEqual(
            headers[10:16],
            [
                "Residual (EUR)",
                "Not due",
                "1–30 days",
                "31–60 days",
                "61–90 days",
                "> 90 days",
            ],
        )
        summary = self._summary(values["Summary"])
        self.assertEqual(summary["Total receivables"], 5300)
        self.assertEqual(summary["No level"], 5300)
