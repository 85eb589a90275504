"""Demo data: French customers whose overdue invoices reach every level of the
default policy, chased by the real dunning engine on past dates."""

import logging
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models

from ..models.recouvrement_rate import RATE_TYPES

_logger = logging.getLogger(__name__)

DEMO_EMAIL_DOMAIN = "example.com"

# Each customer: xmlid suffix, values, invoices. An invoice is
# (days from today to its due date, untaxed amount, label). With the runs of
# DEMO_RUN_DAYS the default policy (J-3, J+10, J+25 review, J+40 review) leaves:
#   formal notice to review: Lefèvre, Girard (two invoices)
#   second reminder to review: Moreau, Bernard (partly paid), Hôtel du Vieux-Port
#   first reminder sent today: Fontaine; courtesy reminder sent today: Roux
#   formal notice sent 20 days ago (registered letter received): Dubois
DEMO_CUSTOMERS = [
    (
        "demo_customer_lefevre",
        {
            "name": "Boulangerie Lefèvre SARL",
            "street": "14 rue de la République",
            "zip": "69002",
            "city": "Lyon",
            "email": f"comptabilite@boulangerie-lefevre.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 4 78 42 17 30",
        },
        [(-40, 1850.0, "Fourniture de farines et levains")],
    ),
    (
        "demo_customer_girard",
        {
            "name": "Menuiserie Girard et Fils",
            "street": "3 quai de la Fosse",
            "zip": "44000",
            "city": "Nantes",
            "email": f"contact@menuiserie-girard.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 2 40 73 55 12",
        },
        [
            (-42, 3200.0, "Bois de charpente – chêne massif"),
            (-40, 1275.5, "Quincaillerie et visserie"),
        ],
    ),
    (
        "demo_customer_moreau",
        {
            "name": "Transports Moreau",
            "street": "27 boulevard de la Liberté",
            "zip": "59000",
            "city": "Lille",
            "email": f"factures@transports-moreau.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 3 20 57 88 41",
        },
        [(-25, 4380.0, "Location de semi-remorques – octobre")],
    ),
    (
        "demo_customer_bernard",
        {
            "name": "Pharmacie Bernard",
            "street": "8 cours de l'Intendance",
            "zip": "33000",
            "city": "Bordeaux",
            "email": f"pharmacie.bernard@{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 5 56 44 21 09",
        },
        [(-25, 2400.0, "Agencement d'officine")],
    ),
    (
        "demo_customer_vieux_port",
        {
            "name": "Hôtel du Vieux-Port",
            "street": "52 quai du Port",
            "zip": "13002",
            "city": "Marseille",
            "email": f"reception@hotel-vieux-port.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 4 91 90 12 34",
        },
        [
            (-26, 1560.0, "Linge de lit et de bain"),
            (-5, 720.0, "Produits d'accueil"),
        ],
    ),
    (
        "demo_customer_fontaine",
        {
            "name": "Garage Fontaine",
            "street": "19 avenue Jean-Jaurès",
            "zip": "31000",
            "city": "Toulouse",
            "email": f"atelier@garage-fontaine.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 5 61 22 48 76",
        },
        [(-10, 890.0, "Pièces détachées")],
    ),
    (
        "demo_customer_roux",
        {
            "name": "Imprimerie Roux",
            "street": "5 place Kléber",
            "zip": "67000",
            "city": "Strasbourg",
            "email": f"devis@imprimerie-roux.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 3 88 32 61 90",
        },
        [(3, 1340.0, "Papier couché 135 g – 40 ramettes")],
    ),
    (
        "demo_customer_dubois",
        {
            "name": "Cabinet Dubois Architectes",
            "street": "11 rue de Paris",
            "zip": "35000",
            "city": "Rennes",
            "email": f"secretariat@dubois-architectes.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 2 99 79 03 15",
        },
        [(-60, 5600.0, "Mobilier de bureau – open space")],
    ),
]
# An invoice of Transports Moreau kept out of the dunning
DEMO_EXCLUDED = ("demo_customer_moreau", -30, 960.0, "Transport express Lille – Paris")
DEMO_EXCLUSION_REASON = "Litige : livraison incomplète contestée par le client"
# Pharmacie Bernard pays part of its invoice (due 25 days ago) 10 days ago
DEMO_PARTIAL_PAYMENT = ("demo_customer_bernard", -25, -10, 1000.0)
# Days (before today) of the dunning runs; the last one is today's
DEMO_RUN_DAYS = (-50, -35, -30, -20, -15, 0)


class RecouvrementRun(models.AbstractModel):
    _inherit = "recouvrement.run"

    @api.model
    def _demo_generate(self):
        """Customers, invoices and the dunning runs of the last 50 days for the
        main company, leaving today's review queue full. Called by the demo
        data; does nothing when the customers already exist."""
        company = self.env.ref("base.main_company")
        if self.env.ref(f"account_recouvrement.{DEMO_CUSTOMERS[0][0]}", False):
            return
        policy = self.env.ref("account_recouvrement.policy_default_fr", False)
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if not company.chart_template or not journal or not policy:
            _logger.info(
                "Recouvrement demo skipped: %s has no chart of accounts, sale "
                "journal or dunning policy",
                company.name,
            )
            return
        # as the administrator, who signs the letters
        admin = self.env.ref("base.user_admin")
        self.with_user(admin).with_company(company).sudo()._demo_generate_company(
            company, journal
        )

    def _demo_generate_company(self, company, journal):
        today = fields.Date.context_today(self)
        self._demo_extend_rates(today)
        partners = self._demo_create_customers(company)
        invoices = self._demo_create_invoices(company, journal, partners, today)
        xmlid, due_days, _amount, _label = DEMO_EXCLUDED
        invoices[(xmlid, due_days)]._recouvrement_exclude(DEMO_EXCLUSION_REASON)
        xmlid, due_days, pay_days, pay_amount = DEMO_PARTIAL_PAYMENT
        to_pay = invoices[(xmlid, due_days)]
        for days in DEMO_RUN_DAYS:
            if to_pay and days > pay_days:
                self._demo_pay(to_pay, pay_amount, today + timedelta(pay_days))
                to_pay = None
            run_date = today + timedelta(days)
            communications = self._run(date=run_date, companies=company)
            if run_date < today:  # today's reminders to review stay in the queue
                to_review = communications.filtered(
                    lambda comm: comm.state == "to_review"
                )
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
                sent.write({"sent_date": datetime.combine(run_date, time(9, 0))})
            # The emails (to example.com) count as delivered: otherwise the mail
            # queue of a server without SMTP puts every one of them in error.
            sent.mail_id.write({"state": "sent"})
        _logger.info(
            "Recouvrement demo: %d customers, %d invoices, %d reminders to review",
            len(partners),
            len(invoices),
            self.env["recouvrement.communication"].search_count(
                [("company_id", "=", company.id), ("state", "=", "to_review")]
            ),
        )

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

    def _demo_create_customers(self, company):
        france = self.env.ref("base.fr")
        french = self.env["res.lang"].search_count([("code", "=", "fr_FR")])
        salesperson = self.env.ref("base.user_demo", False) or self.env.user
        partners = {}
        for xmlid, values, _invoices in DEMO_CUSTOMERS:
            values = dict(values, is_company=True, country_id=france.id)
            if french:
                values["lang"] = "fr_FR"
            if xmlid in ("demo_customer_girard", "demo_customer_moreau"):
                values["user_id"] = salesperson.id
            partners[xmlid] = self.env["res.partner"].create(values)
        # the hotel's invoices go to its accounting department
        hotel = partners["demo_customer_vieux_port"]
        self.env["res.partner"].create(
            {
                "name": "Service comptabilité",
                "type": "invoice",
                "parent_id": hotel.id,
                "email": f"compta@hotel-vieux-port.{DEMO_EMAIL_DOMAIN}",
            }
        )
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"account_recouvrement.{xmlid}",
                    "record": partner,
                    "noupdate": True,
                }
                for xmlid, partner in partners.items()
            ]
        )
        if not company.partner_id.bank_ids:
            self.env["res.partner.bank"].create(
                {
                    "acc_number": "FR7630006000011234567890189",
                    "partner_id": company.partner_id.id,
                }
            )
        return partners

    def _demo_create_invoices(self, company, journal, partners, today):
        """Posted invoices, issued 30 days before their due date, keyed by
        (customer xmlid, days to the due date)."""
        tax = company.account_sale_tax_id
        specs = [
            (xmlid, days, amount, label)
            for xmlid, _values, invoices in DEMO_CUSTOMERS
            for days, amount, label in invoices
        ]
        specs.append(DEMO_EXCLUDED)
        specs.sort(key=lambda spec: spec[1])  # issued in date order
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
        keys = [(xmlid, days) for xmlid, days, _amount, _label in specs]
        return dict(zip(keys, moves, strict=True))

    def _demo_pay(self, invoice, amount, date):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": date})._create_payments()
