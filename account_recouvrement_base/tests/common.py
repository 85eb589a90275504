"""Shared fixtures: a French company with the default policy, customers and
helpers to post invoices, pay them and run the dunning at a given date."""

import io
from contextlib import contextmanager
from datetime import date, timedelta

from freezegun import freeze_time
from openpyxl import load_workbook
from PyPDF2 import PdfReader

from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


def pdf_text(raw):
    """The text of a PDF (its text layer), whitespace collapsed."""
    reader = PdfReader(io.BytesIO(raw))
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in reader.pages
    )


class RecouvrementCommon(AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        # with account_recouvrement_queue_job installed, the sending stays
        # synchronous in these tests (queue_job's own switch, a plain context
        # key here); that addon's tests enqueue jobs
        cls.env = cls.env(context=dict(cls.env.context, queue_job__no_delay=True))
        cls.company = cls.company_data["company"]
        # wkhtmltopdf must not call back the test server, which waits on the
        # test cursor: point it at a closed port, the PDF renders without assets
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.company.partner_id.write(
            {"street": "1 rue de la Paix", "zip": "75002", "city": "Paris"}
        )
        cls.env["res.partner.bank"].sudo().create(
            {
                "acc_number": "FR7630006000011234567890189",
                "partner_id": cls.company.partner_id.id,
            }
        )
        cls.policy = (
            cls.env.ref("account_recouvrement_base.policy_default_fr")
            .sudo()
            .copy({"company_id": cls.company.id, "name": "Politique test"})
            .sudo(False)
        )
        cls.company.recouvrement_policy_id = cls.policy
        cls.levels = cls.policy._get_sorted_levels()
        cls.level_courtesy, cls.level_first, cls.level_second, cls.level_notice = (
            cls.levels
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Boulangerie Martin",
                "is_company": True,
                "email": "compta@boulangerie-martin.example",
                "street": "12 rue des Lilas",
                "zip": "69003",
                "city": "Lyon",
                "country_id": cls.env.ref("base.fr").id,
                "lang": "en_US",
            }
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {
                "name": "Garage Dupont",
                "is_company": True,
                "email": "contact@garage-dupont.example",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.due = date(2026, 3, 2)

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref(
            "account_recouvrement_base.group_recouvrement_manager"
        )

    @classmethod
    def _post_invoice(
        cls,
        partner=None,
        amount=1200.0,
        invoice_date=None,
        due=None,
        currency=None,
        taxes=None,
        move_type="out_invoice",
    ):
        """A posted customer invoice (or credit note: ``move_type``) of
        ``amount`` excluding ``taxes`` (none by default), due on ``due``."""
        invoice_date = invoice_date or (due or cls.due) - timedelta(days=30)
        invoice = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or cls.customer).id,
                "invoice_date": invoice_date,
                "invoice_date_due": due or cls.due,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Prestation",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.set(taxes.ids)]
                            if taxes
                            else [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @contextmanager
    def assertRefused(self, exception, regex=""):
        """The bad input raises ``exception`` and, as the user's transaction
        is rolled back, nothing is changed: check values after this block."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    def _pay(self, invoice, amount, on):
        with freeze_time(on, tick=True):
            return self._register_payment(invoice, amount=amount, payment_date=on)

    def _send(self, communications, on):
        """The controller clicks Send on day ``on``."""
        with freeze_time(on, tick=True):
            return communications.action_send()

    def _run(self, on):
        """The daily run as the cron does it, on day ``on``."""
        with freeze_time(on, tick=True):
            return (
                self.env["recouvrement.run"]
                .with_context(tz="UTC")
                ._run(date=on, companies=self.company)
            )

    @staticmethod
    def _day(offset, start=None):
        return (start or date(2026, 3, 2)) + timedelta(days=offset)

    @staticmethod
    def _today():
        return fields.Date.today()


class ReceivablesWorkbookCommon(RecouvrementCommon):
    """Export the receivables workbook and read it back (openpyxl, cached
    formula values)."""

    RECEIVABLES_REPORT = "account_recouvrement_base.action_report_receivables_xlsx"

    def _workbook(self, on, lang="en_US", **filters):
        report = self.env["recouvrement.receivable.report"]
        options = {"date": on, "company_id": self.company.id, **filters}
        data = {"receivables_options": report._serialize_options(options)}
        content, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_xlsx(self.RECEIVABLES_REPORT, [], data)
        )
        return load_workbook(io.BytesIO(content), data_only=True)

    @staticmethod
    def _invoice_cells(sheet, *headers):
        """{invoice name: (cells under ``headers``)} of the invoices sheet."""
        titles = [cell.value for cell in sheet[1]]
        columns = [titles.index(header) for header in headers]
        invoice_col = 3  # D
        return {
            row[invoice_col]: tuple(row[col] for col in columns)
            for row in sheet.iter_rows(min_row=2, values_only=True)
            if row[invoice_col]
        }

    @staticmethod
    def _section(sheet, title):
        """The rows (three first cells) of a summary section, up to the next
        empty row."""
        rows = list(sheet.iter_rows(values_only=True))
        start = next(i for i, row in enumerate(rows) if row[0] == title)
        section = []
        for row in rows[start + 1 :]:
            if not row[0]:
                break
            section.append(tuple(row[:3]))
        return section


class FactorCommon(RecouvrementCommon):
    """A factoring contract (BPCE format) with two factored customers, their
    SIRET numbers (OCA l10n_fr_siret), and helpers for batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.factor_account = Account.create(
            {"code": "467100", "name": "BPCE Factor", "account_type": "asset_current"}
        )
        cls.reserve_account = Account.create(
            {
                "code": "467200",
                "name": "BPCE Factor - reserve",
                "account_type": "asset_current",
            }
        )
        cls.factor = cls.env["res.partner"].create(
            {"name": "BPCE Factor", "is_company": True}
        )
        cls.factor_bank = cls.env["res.partner.bank"].create(
            {"acc_number": "FR7612548029989876543210917", "partner_id": cls.factor.id}
        )
        cls.misc_journal = cls.company_data["default_journal_misc"]
        cls.contract = cls.env["recouvrement.factor.contract"].create(
            {
                "name": "BPCE Factor 2026",
                "factor_partner_id": cls.factor.id,
                "client_code": "CLI0042",
                "file_format": "bpce",
                "journal_id": cls.misc_journal.id,
                "factor_account_id": cls.factor_account.id,
                "reserve_account_id": cls.reserve_account.id,
                "commission_rate": 0.5,
                "reserve_rate": 10.0,
                "bank_account_id": cls.factor_bank.id,
            }
        )
        cls.customer.write(
            {
                "company_registry": "73282932000074",
                "ref": "C-MARTIN",
                "recouvrement_factor_contract_id": cls.contract.id,
            }
        )
        cls.customer_2.write(
            {
                "company_registry": "40483304800022",
                "recouvrement_factor_contract_id": cls.contract.id,
            }
        )

    @classmethod
    def _credit_note(cls, invoice, amount, on=None):
        """A posted credit note of ``amount`` crediting ``invoice``, left
        open as it goes to the factor too (posted with its origin, Odoo would
        reconcile it with the invoice)."""
        on = on or invoice.invoice_date
        credit_note = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": on,
                "invoice_date_due": on,
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
        credit_note.action_post()
        credit_note.reversed_entry_id = invoice
        return credit_note

    def _batch(self, moves=None, on=date(2026, 2, 15), contract=None):
        with freeze_time(on):
            return self.env["recouvrement.factor.batch"].create(
                {
                    "contract_id": (contract or self.contract).id,
                    "date": on,
                    "move_ids": [Command.set(moves.ids)] if moves else [],
                }
            )
