"""Shared fixtures: a French company with the default policy, customers and
helpers to post invoices, pay them and run the dunning at a given date."""

import io
from contextlib import contextmanager
from datetime import date, timedelta

from freezegun import freeze_time
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

    def _count_run(self, on):
        """Queries of the run on day ``on``, and (communications, lines) it
        made; everything it did is rolled back."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        savepoint = self.env.cr.savepoint()
        comms = self._run(on)
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        made = (len(comms), len(comms.line_ids))
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        return count, made

    @staticmethod
    def _day(offset, start=None):
        return (start or date(2026, 3, 2)) + timedelta(days=offset)

    @staticmethod
    def _today():
        return fields.Date.today()
