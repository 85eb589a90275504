"""Demo data: French customers whose overdue invoices reach every level of the
default policy, chased by the real dunning engine on past dates."""

import logging
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from operator import itemgetter

from odoo import Command, api, fields, models

from ..models.recouvrement_rate import RATE_TYPES

# the figures, read here by the addons' demos too
from .recouvrement_demo_data import (  # noqa: F401
    DEMO_BANK,
    DEMO_COMPANY,
    DEMO_CUSTOMER_IDS,
    DEMO_CUSTOMERS,
    DEMO_EMAIL_DOMAIN,
    DEMO_EXCLUDED,
    DEMO_EXCLUSION_REASON,
    DEMO_IBAN,
    DEMO_LANG,
    DEMO_PARTIAL_PAYMENT,
    DEMO_RUN_DAYS,
    DEMO_TIME,
    MODULE,
)

_logger = logging.getLogger(__name__)


class RecouvrementRun(models.AbstractModel):
    _inherit = "recouvrement.run"

    @api.model
    def _demo_generate(self):
        """Customers, invoices and the dunning runs of the last 50 days for the
        main company, leaving today's review queue full. Called by the demo
        data; does nothing when the customers already exist."""
        company = self.env.ref("base.main_company")
        if self.env.ref(f"account_recouvrement_base.{DEMO_CUSTOMERS[0][0]}", False):
            return
        policy = self.env.ref("account_recouvrement_base.policy_default_fr", False)
        journal = self._demo_sale_journal(company)
        if not company.chart_template or not journal or not policy:
            _logger.info(
                "Recouvrement demo skipped: %s has no chart of accounts, sale "
                "journal or dunning policy",
                company.name,
            )
            return
        # as the administrator, who signs the letters
        admin = self.env.ref("base.user_admin")
        # in the customers' language: their emails, letters and history, and
        # the texts the module stores (exclusion reasons, activities, notes)
        lang = self._demo_lang(admin)
        self.with_user(admin).with_company(company).with_context(
            lang=lang
        ).sudo()._demo_generate_company(company, journal)

    @api.model
    def _demo_sale_journal(self, company):
        return self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
                ("type", "=", "sale"),
            ],
            limit=1,
        )

    @api.model
    def _demo_addon_context(self, module, done_xmlid, label, needs_policy=True):
        """Where a feature addon's demo runs, after the core's, on the main
        company: ``(env, company, journal, today)``, ``env`` the
        administrator's in the demo's language (``module``'s terms loaded),
        with every right; None when it ran already (``done_xmlid``, an
        external id of ``module``, exists) or cannot run (no chart of
        accounts, sale journal or, with ``needs_policy``, dunning policy).
        ``label`` names the demo in the log."""
        company = self.env.ref("base.main_company")
        if self.env.ref(f"{module}.{done_xmlid}", False):
            return None
        journal = self._demo_sale_journal(company)
        policy = self.env.ref("account_recouvrement_base.policy_default_fr", False)
        if not company.chart_template or not journal or (needs_policy and not policy):
            _logger.info(
                "Recouvrement %s demo skipped: %s has no chart of accounts, "
                "sale journal or dunning policy",
                label,
                company.name,
            )
            return None
        admin = self.env.ref("base.user_admin")
        lang = self._demo_lang(admin, ("account_recouvrement_base", module))
        records = self.with_user(admin).with_company(company).with_context(lang=lang)
        return records.sudo().env, company, journal, fields.Date.context_today(self)

    @api.model
    def _demo_lang(self, admin, modules=("account_recouvrement_base",)):
        """The demo customers' language: French when the database has it
        (they are French firms), else the administrator's. Odoo loads a
        module's translations after its demo data: load this module's first,
        or the history (levels, email templates, the models' names in the
        chatter) would be written in English."""
        lang = (
            DEMO_LANG
            if self.env["res.lang"]._lang_get(DEMO_LANG)
            else admin.lang or "en_US"
        )
        if lang != "en_US":
            self.env["ir.module.module"]._load_module_terms(list(modules), [lang])
        return lang

    @contextmanager
    def _demo_dated(self, day):
        """Date the chatter messages (and emails) written inside the block on
        ``day``, the past day the demo replays; today's keep their time."""
        Message = self.env["mail.message"].sudo()
        last_id = Message.search([], order="id desc", limit=1).id
        yield
        if day < fields.Date.context_today(self):
            Message.search([("id", ">", last_id)]).write(
                {"date": datetime.combine(day, DEMO_TIME)}
            )

    def _demo_generate_company(self, company, journal):
        today = fields.Date.context_today(self)
        self._demo_extend_rates(today)
        # the customers and their invoices from the day of the first invoice
        first_day = today + timedelta(
            min(days for _xmlid, days, *_rest in self._demo_invoice_specs()) - 30
        )
        with self._demo_dated(first_day):
            self._demo_company_identity(company)
            partners = self._demo_create_customers(company)
        invoices = self._demo_create_invoices(company, journal, partners, today)
        xmlid, due_days, _amount, _label = DEMO_EXCLUDED
        excluded = invoices[(xmlid, due_days)]
        with self._demo_dated(excluded.invoice_date):
            excluded._recouvrement_exclude(DEMO_EXCLUSION_REASON)
        # what happens between the runs, each on its day (from today) before
        # that day's run, or the next one
        xmlid, due_days, pay_days, pay_amount = DEMO_PARTIAL_PAYMENT
        to_pay = invoices[(xmlid, due_days)]
        events = [
            (
                pay_days,
                partial(
                    self._demo_pay, to_pay, pay_amount, today + timedelta(pay_days)
                ),
            ),
        ]
        self._demo_replay(company, events, today)
        self._demo_print_letters(company, today)
        _logger.info(
            "Recouvrement demo: %d customers, %d invoices, %d reminders to review",
            len(partners),
            len(invoices),
            self.env["recouvrement.communication"].search_count(
                [("company_id", "=", company.id), ("state", "=", "to_review")]
            ),
        )

    def _demo_replay(self, company, events, today, partners=None):
        """The runs of DEMO_RUN_DAYS, each day's ``events`` (days from today,
        a function) played before it, in order; a past run for ``partners``
        only when given (an addon's demo, made after the core's)."""
        events = sorted(events, key=itemgetter(0))  # stable: a day keeps its order
        for days in DEMO_RUN_DAYS:
            while events and events[0][0] <= days:
                event_days, event = events.pop(0)
                with self._demo_dated(today + timedelta(event_days)):
                    event()
            run_date = today + timedelta(days)
            with self._demo_dated(run_date):
                self._demo_run_day(company, run_date, today, partners=partners)

    def _demo_run_day(self, company, run_date, today, partners=None):
        """The dunning run of a day and the follow-up of the day after it,
        as the cron does; the reminders of a past day reviewed and sent."""
        communications = self._run(date=run_date, companies=company, partners=partners)
        if run_date < today:  # today's reminders to review stay in the queue
            to_review = communications.filtered(lambda comm: comm.state == "to_review")
            to_review.filtered("use_registered").write(
                {
                    "lrar_number": "1A 234 567 8901 2",
                    "lrar_date_sent": run_date + timedelta(1),
                    "lrar_date_received": run_date + timedelta(3),
                }
            )
            # sent on the day of the run: the letters bear that date
            self.env["recouvrement.communication.send"]._send_communications(
                to_review, on_date=run_date
            )
        sent = communications.filtered(lambda comm: comm.state == "sent")
        if run_date < today:  # sent on the day of the run, as the letters say
            sent.write({"sent_date": datetime.combine(run_date, DEMO_TIME)})
        # The emails (to example.com) count as delivered: otherwise the mail
        # queue of a server without SMTP puts every one of them in error.
        sent.mail_id.write({"state": "sent"})
        self._demo_follow_up(run_date)

    def _demo_follow_up(self, day):
        """The cron's follow-up after the run of ``day``; each addon's demo
        adds its own (the plans')."""

    def _demo_print_letters(self, company, today):
        """The postal letters of the last past run, printed in one go (one
        PDF for the letters, one with the post office list for the
        registered ones)."""
        day = today + timedelta(max(days for days in DEMO_RUN_DAYS if days < 0))
        postal = self.env["recouvrement.communication"].search(
            [
                ("company_id", "=", company.id),
                ("date", "=", day),
                ("state", "=", "sent"),
                "|",
                ("use_letter", "=", True),
                ("use_registered", "=", True),
            ]
        )
        if postal:
            with self._demo_dated(day):
                self.env["recouvrement.letter.batch"]._print(postal)

    def _demo_extend_rates(self, today):
        """The formal notices charge late interest: when the shipped rate
        table stops before today, carry the last rates forward, as the
        manager does with "add the next half-year". The demo marks them
        verified so that its formal notices are billed; their source still
        says they were copied."""
        rates = self.env["recouvrement.rate"]
        for _half_year in range(10):
            if all(
                rates._get_rate(rate_type, today) is not None
                for rate_type, _ in RATE_TYPES
            ):
                break
            rates.action_add_next_half_year()
        rates.search([("verified", "=", False)]).write({"verified": True})

    def _demo_create_customers(
        self, company, customers=None, customer_ids=None, module=MODULE
    ):
        """The customers (``customers``, with their SIRET and VAT numbers in
        ``customer_ids``: the core's by default), named by ``module``'s
        external ids, in the demo's language (the context's): their emails
        and letters are written in it."""
        france = self.env.ref("base.fr")
        lang = self.env.lang
        salesperson = self.env.ref("base.user_demo", False) or self.env.user
        partners = {}
        for xmlid, values, _invoices in customers or DEMO_CUSTOMERS:
            registry, vat = (customer_ids or DEMO_CUSTOMER_IDS)[xmlid]
            values = dict(
                values,
                is_company=True,
                country_id=france.id,
                lang=lang,
                company_registry=registry,
                vat=vat,
            )
            if xmlid in ("demo_customer_girard", "demo_customer_moreau"):
                values["user_id"] = salesperson.id
            partners[xmlid] = self.env["res.partner"].create(values)
        # the hotel's invoices go to its accounting department
        hotel = partners.get("demo_customer_vieux_port")
        if hotel:
            self.env["res.partner"].create(
                {
                    "name": "Service comptabilité",
                    "type": "invoice",
                    "parent_id": hotel.id,
                    "email": f"compta@hotel-vieux-port.{DEMO_EMAIL_DOMAIN}",
                    "lang": lang,
                }
            )
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"{module}.{xmlid}",
                    "record": partner,
                    "noupdate": True,
                }
                for xmlid, partner in partners.items()
            ]
        )
        return partners

    def _demo_company_identity(self, company):
        """The demo company as a French firm: name, legal form, registered
        office, SIRET, VAT number, contact details, the signatory of the
        letters and the bank account (IBAN) the customers pay to, first of the
        company's and that of its bank journal."""
        company.write(
            dict(
                DEMO_COMPANY,
                country_id=self.env.ref("base.fr").id,
                external_report_layout_id=(
                    company.external_report_layout_id
                    or self.env.ref("web.external_layout_standard")
                ).id,
            )
        )
        bank = self.env["res.bank"].search([("bic", "=", DEMO_BANK["bic"])], limit=1)
        bank = bank or self.env["res.bank"].create(
            dict(DEMO_BANK, country=self.env.ref("base.fr").id)
        )
        account = self.env["res.partner.bank"].search(
            [("sanitized_acc_number", "=", DEMO_IBAN)], limit=1
        ) or self.env["res.partner.bank"].create(
            {
                "acc_number": DEMO_IBAN,
                "partner_id": company.partner_id.id,
                "bank_id": bank.id,
            }
        )
        account.sequence = min(company.partner_id.bank_ids.mapped("sequence")) - 1
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
                ("type", "=", "bank"),
            ],
            limit=1,
        )
        journal.bank_account_id = account

    def _demo_create_invoices(self, company, journal, partners, today, specs=None):
        """Posted invoices (``specs``: the core's by default), issued 30 days
        before their due date, keyed by (customer xmlid, days to the due
        date)."""
        tax = company.account_sale_tax_id
        specs = specs or self._demo_invoice_specs()
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "journal_id": journal.id,
                    "partner_id": partners[xmlid].id,
                    "invoice_date": today + timedelta(days - 30),
                    "invoice_date_due": today + timedelta(days),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.set(tax.ids)],
                            }
                        )
                    ],
                }
                for xmlid, days, amount, label in specs
            ]
        )
        for move in moves:
            move.action_post()
        # their history (created, posted) dated from their issue
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", moves._name), ("res_id", "in", moves.ids)])
        )
        for move in moves:
            messages.filtered(
                lambda message, move=move: message.res_id == move.id
            ).write({"date": datetime.combine(move.invoice_date, DEMO_TIME)})
        keys = [(xmlid, days) for xmlid, days, _amount, _label in specs]
        return dict(zip(keys, moves, strict=True))

    @api.model
    def _demo_invoice_specs(self):
        """(customer xmlid, days to the due date, untaxed amount, label) of
        every demo invoice, in the order of their issue."""
        specs = [
            (xmlid, days, amount, label)
            for xmlid, _values, invoices in DEMO_CUSTOMERS
            for days, amount, label in invoices
        ]
        specs += [DEMO_EXCLUDED]
        specs.sort(key=lambda spec: spec[1])  # issued in date order
        return specs

    def _demo_pay(self, invoice, amount, date):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": date})._create_payments()
