"""The demo data as a French credit controller first sees it (issue #17): its
history (emails, chatter, tracking, activities) is written in the French
customers' language, on the days it replays."""

import re
from datetime import date

from freezegun import freeze_time
from stdnum.fr import siret, tva

from odoo.tests import TransactionCase, tagged

from ..demo.recouvrement_demo import DEMO_CUSTOMERS
from .common import pdf_text

TODAY = date(2026, 6, 15)
# Words of the English texts (templates, levels, models' names, chatter) that
# no French sentence of the demo contains
ENGLISH_WORDS = (
    "Dear",
    "Sir",
    "Madam",
    "reminder",
    "invoice",
    "invoices",
    "created",
    "Payment",
    "Courtesy",
    "notice",
    "Dunning",
    "sent",
    "please",
    "overdue",
    "amount",
    "Call",
    "Dispute",
    "the",
    "your",
)
ENGLISH = re.compile(r"\b(" + "|".join(ENGLISH_WORDS) + r")\b", re.IGNORECASE)


def iban_is_valid(number):
    """ISO 13616 check digits: the number moved 4 characters, modulo 97."""
    number = number.replace(" ", "")
    moved = number[4:] + number[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


def text_of(html):
    """The words of an HTML text, without its tags and their attributes."""
    return " ".join(re.sub(r"<[^>]*>", " ", str(html or "")).split())


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # the French of Odoo's email layout, as a French database has it
        cls.env["ir.module.module"]._load_module_terms(["mail"], ["fr_FR"])
        # at installation Odoo loads the module's translations only after its
        # demo data: the database as the demo finds it, without them
        cls._forget_french_terms()
        # wkhtmltopdf must not call back the test server, which waits on the
        # test cursor: point it at a closed port, the PDF renders without assets
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:9"
        )
        company = cls.env.ref("base.main_company")
        if company.chart_template != "fr":
            cls.env["account.chart.template"].try_loading("fr", company)
        # an English-speaking administrator: the demo still writes to its
        # French customers in French
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.lang = "en_US"
        cls.last_message = cls.env["mail.message"].search([], order="id desc", limit=1)
        cls.last_activity = cls.env["mail.activity"].search(
            [], order="id desc", limit=1
        )
        with freeze_time(f"{TODAY} 10:00:00", tick=True):
            cls.env["recouvrement.run"]._demo_generate()
        cls.customers = cls.env["res.partner"].union(
            *(
                cls.env.ref(f"account_recouvrement_base.{xmlid}")
                for xmlid, _values, _invoices in DEMO_CUSTOMERS
            )
        )
        cls.messages = cls.env["mail.message"].search(
            [("id", ">", cls.last_message.id or 0)]
        )

    @classmethod
    def _forget_french_terms(cls):
        """Drop the French of this module's translated records: levels, mail
        templates, the names of its models (in the chatter's "… created")."""
        modules_records = cls.env["ir.model.data"].search(
            [
                ("module", "=", "account_recouvrement_base"),
                ("model", "in", ("recouvrement.level", "mail.template", "ir.model")),
            ]
        )
        for model_name in ("recouvrement.level", "mail.template", "ir.model"):
            model = cls.env[model_name]
            ids = modules_records.filtered(lambda data, m=model_name: data.model == m)
            columns = [
                name
                for name, field in model._fields.items()
                if field.translate and field.store
            ]
            for column in columns:
                cls.env.cr.execute(
                    f"UPDATE {model._table} SET {column} = {column} - 'fr_FR' "  # noqa: S608
                    "WHERE id = ANY(%s)",
                    [ids.mapped("res_id")],
                )
            model.invalidate_model()
        cls.env.registry.clear_cache()

    def assertFrench(self, texts):
        english = set()
        for where, text in texts:
            for match in ENGLISH.finditer(text or ""):
                start = max(match.start() - 60, 0)
                english.add(f"{where}: …{text[start : match.end() + 60]}…")
        self.assertFalse(english, "English in the demo:\n" + "\n".join(sorted(english)))

    def test_customers_in_french(self):
        """French firms: in French, with their SIRET and VAT numbers."""
        self.assertEqual(len(self.customers), len(DEMO_CUSTOMERS))
        self.assertEqual(set(self.customers.mapped("lang")), {"fr_FR"})
        for customer in self.customers:
            self.assertTrue(siret.is_valid(customer.company_registry), customer.name)
            self.assertTrue(tva.is_valid(customer.vat), customer.name)
            self.assertEqual(customer.vat[4:], customer.company_registry[:9])

    def test_history_in_french(self):
        """No email, chatter message, tracking value or activity of the demo
        history is English."""
        sent = self.env["recouvrement.communication"].search(
            [
                ("partner_id", "in", self.customers.ids),
                ("mail_id", "!=", False),
            ]
        )
        self.assertGreaterEqual(len(sent), 10)
        mails = self.env["mail.mail"].search(
            [("mail_message_id", "in", self.messages.ids)]
        )
        self.assertGreaterEqual(len(mails), len(sent))
        # the email of a courtesy reminder, in French
        courtesy = sent.filtered(
            lambda comm: (
                comm.level_id
                == self.env.ref("account_recouvrement_base.level_default_courtesy")
            )
        )[:1]
        self.assertTrue(courtesy)
        self.assertIn("Madame, Monsieur", text_of(courtesy.mail_id.body_html))
        self.assertIn("Rappel de courtoisie", courtesy.mail_id.subject)
        tracking = self.messages.tracking_value_ids
        self.assertTrue(tracking, "the levels reached are tracked on the invoices")
        activities = self.env["mail.activity"].search(
            [("id", ">", self.last_activity.id or 0)]
        )
        self.assertFrench(
            [
                *((f"email {m.id} subject", m.subject) for m in mails),
                *((f"email {m.id}", text_of(m.body_html)) for m in mails),
                *((f"message {m.id} subject", m.subject) for m in self.messages),
                *((f"message {m.id}", text_of(m.body)) for m in self.messages),
                *(
                    (
                        f"tracking {t.field_id.name}",
                        f"{t.old_value_char} {t.new_value_char}",
                    )
                    for t in tracking
                ),
                *((f"activity {a.id}", a.summary) for a in activities),
                *((f"activity {a.id} note", text_of(a.note)) for a in activities),
            ]
        )

    def test_history_dated_on_its_days(self):
        """The reminders sent on the past days of the replay, and the chatter
        of the invoices, bear the days they happened."""
        past = self.env["recouvrement.communication"].search(
            [
                ("partner_id", "in", self.customers.ids),
                ("state", "=", "sent"),
                ("date", "<", TODAY),
            ]
        )
        self.assertTrue(past.filtered(lambda comm: not comm.level_id.review_needed))
        for comm in past:
            # sent on the day of its run, reviewed or not: the letter says so
            self.assertEqual(comm.letter_date, comm.date, comm.name)
            self.assertEqual(comm.sent_date.date(), comm.date, comm.name)
            dates = {message.date.date() for message in comm.message_ids}
            self.assertEqual(dates, {comm.date}, comm.name)
            if comm.mail_id:
                self.assertEqual(comm.mail_id.date.date(), comm.date)
        invoices = self.env["account.move"].search(
            [
                ("partner_id", "in", self.customers.ids),
                ("move_type", "=", "out_invoice"),
            ]
        )
        for invoice in invoices:
            first = invoice.message_ids.sorted("id")[:1]
            self.assertEqual(first.date.date(), invoice.invoice_date, invoice.name)
        # nothing dated in the future
        self.assertLessEqual(max(self.messages.mapped("date")).date(), TODAY)

    def test_french_company_identity(self):
        """The letters and emails come from a French firm: legal form, SIRET,
        VAT number and IBAN with valid check digits, a signatory."""
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Delorme Équipements")
        self.assertEqual(company.country_id.code, "FR")
        self.assertTrue(siret.is_valid(company.company_registry))
        self.assertTrue(tva.is_valid(company.vat))
        self.assertEqual(company.vat[4:], company.company_registry[:9])
        account = company.partner_id.bank_ids[:1]
        self.assertTrue(iban_is_valid(account.acc_number))
        self.assertEqual(account.acc_number[:2], "FR")
        self.assertEqual(account.bank_id.bic, "SOGEFRPP")
        bank_journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        self.assertEqual(bank_journal.bank_account_id, account)
        notice = self.env["recouvrement.communication"].search(
            [
                ("partner_id", "in", self.customers.ids),
                ("state", "=", "sent"),
                ("level_id.is_formal_notice", "=", True),
                ("letter_attachment_id", "!=", False),
            ],
            limit=1,
        )
        text = pdf_text(notice.letter_attachment_id.raw)
        for expected in (
            "Delorme Équipements — SAS au capital de 150 000 €, RCS Lyon",
            "48 rue de la Villette, 69003 Lyon",
            "SIRET 81245369400018",
            "FR93812453694",
            "IBAN FR76 3000 3015 3000 0204 1783 640 (BIC SOGEFRPP)",
            "Claire Morel",
            "Responsable du recouvrement",
        ):
            self.assertIn(expected, text)
        email = (
            self.env["recouvrement.communication"]
            .search(
                [("partner_id", "in", self.customers.ids), ("mail_id", "!=", False)],
                limit=1,
            )
            .mail_id
        )
        self.assertIn("comptabilite@delorme-equipements.example.com", email.email_from)
        self.assertIn("Claire Morel", text_of(email.body_html))
        self.assertIn("Delorme Équipements", email.subject)

    def test_every_feature_has_a_record(self):
        """The demo shows each capability of the core in at least one record
        a user can open (each addon's demo tests its own)."""
        company = self.env.ref("base.main_company")
        for model, domain in (
            ("recouvrement.communication", [("state", "=", "to_review")]),
            ("recouvrement.communication", [("state", "=", "sent")]),
            ("recouvrement.charge", []),
            ("recouvrement.letter.batch", []),
            ("recouvrement.run.log", []),
        ):
            self.assertTrue(
                self.env[model].search_count(
                    [*domain, ("company_id", "=", company.id)]
                    if model != "res.partner"
                    else domain
                ),
                f"no {model} {domain} in the demo",
            )
