"""The factoring of the demo: two customers sold to BPCE Factor, a batch
confirmed with its file and the factor's statement, a payment to the factor
and an invoice issued since. Runs after the core's demo, on its company."""

import logging
from datetime import timedelta

from odoo import Command, api, models

from odoo.addons.account_recouvrement_base.demo.recouvrement_demo import (
    DEMO_EMAIL_DOMAIN,
)

_logger = logging.getLogger(__name__)

MODULE = "account_recouvrement_factoring"

# Factoring (issue #14): two customers sold to BPCE Factor. Their invoices and
# a credit note (days to the due dates) went in a batch 10 days ago: file
# written, transfer entry posted, the factor's statement booked 8 days ago;
# an invoice issued since (due in 45 days) bears the subrogation mention.
DEMO_FACTOR = {
    "name": "BPCE Factor",
    "is_company": True,
    "street": "50 avenue Pierre Mendès France",
    "zip": "75013",
    "city": "Paris",
    "email": f"cessions@bpce-factor.{DEMO_EMAIL_DOMAIN}",
}
DEMO_FACTOR_IBAN = "FR7612548029989876543210917"
DEMO_FACTORED_CUSTOMERS = [
    (
        "demo_customer_garnier",
        {
            "name": "Imprimerie Garnier SAS",
            "street": "7 rue de l'Industrie",
            "zip": "38000",
            "city": "Grenoble",
            "email": f"compta@imprimerie-garnier.{DEMO_EMAIL_DOMAIN}",
            "company_registry": "81234567600017",
        },
        [(15, 4200.0, "Impression de catalogues"), (30, 1380.0, "Dépliants")],
    ),
    (
        "demo_customer_leroy",
        {
            "name": "Électricité Leroy & Associés",
            "street": "22 boulevard Carnot",
            "zip": "59000",
            "city": "Lille",
            "email": f"factures@electricite-leroy.{DEMO_EMAIL_DOMAIN}",
            "company_registry": "79012345900014",
        },
        [(20, 2650.0, "Mise aux normes du tableau électrique")],
    ),
]
DEMO_FACTOR_CREDIT_NOTE = ("demo_customer_garnier", 15, 300.0, "Remise sur catalogues")
DEMO_FACTOR_BATCH_DAYS = -10
DEMO_FACTOR_STATEMENT_DAYS = -8
DEMO_FACTOR_NEW_INVOICE = ("demo_customer_leroy", 45, 980.0, "Maintenance annuelle")
# Leroy's invoices are services, their VAT due on payment: the factor's
# statement of 3 days ago says Leroy paid the factor, the VAT is due then
DEMO_FACTOR_SERVICE_CUSTOMER = "demo_customer_leroy"
DEMO_FACTOR_PAID_DAYS = -3
#: the external ids the demo's code gives (taken over from the core, where
#: they were made up to its 19.0.1.0.0)
DEMO_XMLIDS = ("demo_factor_contract",) + tuple(
    xmlid for xmlid, _values, _invoices in DEMO_FACTORED_CUSTOMERS
)


class RecouvrementFactorContract(models.Model):
    _inherit = "recouvrement.factor.contract"

    @api.model
    def _demo_generate(self):
        """The factoring of the main company's demo. Called by the demo data;
        does nothing when the contract already exists."""
        prepared = self.env["recouvrement.run"]._demo_addon_context(
            MODULE, "demo_factor_contract", "factoring", needs_policy=False
        )
        if prepared:
            env, company, journal, today = prepared
            self.with_env(env)._demo_factoring(company, journal, today)

    def _demo_factoring(self, company, journal, today):
        """A factoring contract, a confirmed batch with its file, entry and
        the factor's statement, and a factored customer's invoice since."""
        france = self.env.ref("base.fr")
        Account = self.env["account.account"]
        accounts = {}
        for code, name in (
            ("467100", "BPCE Factor"),
            ("467200", "BPCE Factor - réserve de garantie"),
        ):
            accounts[code] = Account.search(
                [*Account._check_company_domain(company), ("code", "=", code)],
                limit=1,
            ) or Account.create(
                {"code": code, "name": name, "account_type": "asset_current"}
            )
        factor = self.env["res.partner"].create(
            dict(DEMO_FACTOR, country_id=france.id, lang=self.env.lang)
        )
        contract = self.env["recouvrement.factor.contract"].create(
            {
                "name": "BPCE Factor - contrat 2026",
                "factor_partner_id": factor.id,
                "client_code": "CL004217",
                "file_format": "bpce",
                "factor_account_id": accounts["467100"].id,
                "reserve_account_id": accounts["467200"].id,
                "commission_rate": 0.6,
                "reserve_rate": 10.0,
                "bank_account_id": self.env["res.partner.bank"]
                .create({"acc_number": DEMO_FACTOR_IBAN, "partner_id": factor.id})
                .id,
            }
        )
        partners = {}
        for xmlid, values, _invoices in DEMO_FACTORED_CUSTOMERS:
            partners[xmlid] = self.env["res.partner"].create(
                dict(
                    values,
                    is_company=True,
                    country_id=france.id,
                    lang=self.env.lang,
                    recouvrement_factor_contract_id=contract.id,
                )
            )
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"{MODULE}.{xmlid}",
                    "record": partner,
                    "noupdate": True,
                }
                for xmlid, partner in partners.items()
            ]
            + [
                {
                    "xml_id": f"{MODULE}.demo_factor_contract",
                    "record": contract,
                    "noupdate": True,
                }
            ]
        )
        batch_day = today + timedelta(DEMO_FACTOR_BATCH_DAYS)
        specs = [
            (xmlid, days, amount, label)
            for xmlid, _values, invoices in DEMO_FACTORED_CUSTOMERS
            for days, amount, label in invoices
        ]
        invoices = self._demo_factor_documents(
            journal, partners, specs, "out_invoice", batch_day - timedelta(5)
        )
        xmlid, days, amount, label = DEMO_FACTOR_CREDIT_NOTE
        credit_note = self._demo_factor_documents(
            journal,
            partners,
            [(xmlid, days, amount, label)],
            "out_refund",
            batch_day - timedelta(2),
        )
        # the invoice it credits (posted with it, Odoo would reconcile them)
        credit_note.reversed_entry_id = invoices[0]
        with self.env["recouvrement.run"]._demo_dated(batch_day):
            batch = self.env["recouvrement.factor.batch"].create(
                {"contract_id": contract.id, "date": batch_day}
            )
            batch.action_add_eligible()
            batch.action_generate_file()
            batch.action_confirm()
        statement = (
            self.env["recouvrement.factor.statement.wizard"]
            .with_context(active_model=batch._name, active_id=batch.id)
            .create({"date": today + timedelta(DEMO_FACTOR_STATEMENT_DAYS)})
        )
        if statement.journal_id:
            statement.action_confirm()
        invoices.filtered(
            lambda move: move.partner_id == partners[DEMO_FACTOR_SERVICE_CUSTOMER]
        )._recouvrement_factor_paid(today + timedelta(DEMO_FACTOR_PAID_DAYS))
        self._demo_factor_documents(
            journal, partners, [DEMO_FACTOR_NEW_INVOICE], "out_invoice", today
        )

    def _demo_factor_documents(self, journal, partners, specs, move_type, day):
        """Posted invoices or credit notes issued on ``day``; the services
        customer's with the VAT on services, due on payment, when the chart
        has it."""
        company = journal.company_id
        tax = company.account_sale_tax_id
        service_tax = (
            self.env["account.chart.template"]
            .with_company(company)
            .ref("tva_normale_encaissement", raise_if_not_found=False)
        ) or tax
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "journal_id": journal.id,
                    "partner_id": partners[xmlid].id,
                    "invoice_date": day,
                    "invoice_date_due": day + timedelta(days),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [
                                    Command.set(
                                        service_tax.ids
                                        if xmlid == DEMO_FACTOR_SERVICE_CUSTOMER
                                        else tax.ids
                                    )
                                ],
                            }
                        )
                    ],
                }
                for xmlid, days, amount, label in specs
            ]
        )
        moves.action_post()
        return moves
