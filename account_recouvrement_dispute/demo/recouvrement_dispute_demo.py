"""The disputes and insolvency proceedings of the demo: an open dispute, a
justified one, a rejected one, and a customer in redressement judiciaire.
Runs after the core's demo, on its company: their dunning runs replayed for
these customers only."""

import logging
from datetime import timedelta
from functools import partial

from odoo import api, models

from odoo.addons.account_recouvrement_base.demo.recouvrement_demo import (
    DEMO_EMAIL_DOMAIN,
)

_logger = logging.getLogger(__name__)

MODULE = "account_recouvrement_dispute"

# Customers (xmlid suffix, values, invoices: days from today to the due date,
# untaxed amount, label). With the runs of the core's demo days and the
# disputes and proceedings below:
#   open dispute (quality) on an invoice of the Hôtel du Vieux-Port, its other
#   invoices chased on (second reminder to review)
#   justified dispute (price): Fromagerie Chevalier, credit note posted, the
#   rest chased today (first reminder)
#   rejected dispute (delivery): Librairie Mercier, back in the dunning at its
#   level (first reminder today)
#   redressement judiciaire 20 days ago: Ébénisterie Perrin (reminded before,
#   not since; its claim to file with the mandataire judiciaire)
DEMO_DISPUTE_CUSTOMERS = [
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
        "demo_customer_chevalier",
        {
            "name": "Fromagerie Chevalier",
            "street": "9 rue Sainte-Claire",
            "zip": "74000",
            "city": "Annecy",
            "email": f"commandes@fromagerie-chevalier.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 4 50 45 31 62",
        },
        [(-14, 1500.0, "Vitrine réfrigérée – installation")],
    ),
    (
        "demo_customer_mercier",
        {
            "name": "Librairie Mercier",
            "street": "21 rue Lafayette",
            "zip": "38000",
            "city": "Grenoble",
            "email": f"librairie.mercier@{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 4 76 87 20 43",
        },
        [(-28, 2900.0, "Rayonnages en chêne – 12 modules")],
    ),
    (
        "demo_customer_perrin",
        {
            "name": "Ébénisterie Perrin SAS",
            "street": "7 chemin des Sables",
            "zip": "42000",
            "city": "Saint-Étienne",
            "email": f"administration@ebenisterie-perrin.{DEMO_EMAIL_DOMAIN}",
            "phone": "+33 4 77 32 18 05",
        },
        [
            (-45, 3480.0, "Panneaux de contreplaqué marine"),
            (-25, 640.0, "Vernis et teintes"),
        ],
    ),
]
# their SIRET and VAT numbers (valid check digits)
DEMO_DISPUTE_CUSTOMER_IDS = {
    "demo_customer_vieux_port": ("53446265000019", "FR78534462650"),
    "demo_customer_chevalier": ("63407209400010", "FR25634072094"),
    "demo_customer_mercier": ("81562572800010", "FR10815625728"),
    "demo_customer_perrin": ("86313252800010", "FR56863132528"),
}
# The Hôtel du Vieux-Port's invoice under an open dispute (contested before it
# got any reminder: the hotel's other invoices are chased as before)
DEMO_DISPUTED = (
    "demo_customer_vieux_port",
    -10,
    950.0,
    "Peignoirs brodés au logo de l'hôtel – 60 pièces",
)
# Disputes: on the invoice (customer xmlid, days to its due date), opened on a
# day (days from today, before that day's run), settled (or not) on another
DEMO_DISPUTES = [
    {
        "invoice": ("demo_customer_vieux_port", -10),
        "reason": "quality",
        "opened": -14,
        "amount": 266.0,
        "description": (
            "Le client signale que 14 peignoirs sur 60 présentent un défaut de "
            "broderie (logo décalé). Photos reçues par courriel ; contrôle des "
            "articles retournés en cours."
        ),
    },
    {
        "invoice": ("demo_customer_chevalier", -14),
        "reason": "price",
        "opened": -12,
        "amount": 180.0,
        "description": (
            "Le devis accepté prévoyait une remise commerciale de 10 %, absente "
            "de la facture."
        ),
        "outcome": "justified",
        "settled": 0,
        "note": "Remise de 10 % confirmée par le devis signé : avoir de 180,00 €.",
    },
    {
        "invoice": ("demo_customer_mercier", -28),
        "reason": "delivery",
        "opened": -25,
        "description": (
            "Le client affirme que deux modules manquaient à la livraison."
        ),
        "outcome": "rejected",
        "settled": -12,
        "note": (
            "Bon de livraison signé sans réserve par le client : les 12 modules "
            "ont été livrés."
        ),
    },
]
# Ébénisterie Perrin in redressement judiciaire: judgement and BODACC
# publication (days from today)
DEMO_INSOLVENT = ("demo_customer_perrin", -20, -10)
DEMO_MANDATAIRE = {
    "name": "SELARL Rivière & Associés, Mandataires judiciaires",
    "is_company": True,
    "street": "24 rue Servient",
    "zip": "69003",
    "city": "Lyon",
    "email": f"contact@riviere-mandataires.{DEMO_EMAIL_DOMAIN}",
    "phone": "+33 4 72 60 14 80",
}
#: the external ids the demo's code gives (taken over from the core, where
#: they were made up to its 19.0.1.0.0)
DEMO_XMLIDS = tuple(xmlid for xmlid, _values, _invoices in DEMO_DISPUTE_CUSTOMERS)


class RecouvrementDispute(models.Model):
    _inherit = "recouvrement.dispute"

    @api.model
    def _demo_generate(self):
        """The disputes and insolvency proceedings of the main company's demo.
        Called by the demo data; does nothing when their customers already
        exist (or the core's demo did not run)."""
        prepared = self.env["recouvrement.run"]._demo_addon_context(
            MODULE, DEMO_XMLIDS[0], "dispute"
        )
        if prepared:
            env, company, journal, today = prepared
            self.with_env(env)._demo_disputes(company, journal, today)

    @api.model
    def _demo_disputes(self, company, journal, today):
        run = self.env["recouvrement.run"]
        specs = [
            (xmlid, days, amount, label)
            for xmlid, _values, invoices in DEMO_DISPUTE_CUSTOMERS
            for days, amount, label in invoices
        ]
        specs.append(DEMO_DISPUTED)
        specs.sort(key=lambda spec: spec[1])  # issued in date order
        with run._demo_dated(today + timedelta(specs[0][1] - 30)):
            partners = run._demo_create_customers(
                company, DEMO_DISPUTE_CUSTOMERS, DEMO_DISPUTE_CUSTOMER_IDS, MODULE
            )
        invoices = run._demo_create_invoices(company, journal, partners, today, specs)
        events = [(DEMO_INSOLVENT[1], partial(self._demo_insolvency, partners, today))]
        for spec in DEMO_DISPUTES:
            invoice = invoices[spec["invoice"]]
            events.append(
                (spec["opened"], partial(self._demo_open_dispute, invoice, spec, today))
            )
            if spec.get("outcome"):
                events.append(
                    (
                        spec["settled"],
                        partial(self._demo_settle_dispute, invoice, spec, today),
                    )
                )
        customers = self.env["res.partner"].union(*partners.values())
        run._demo_replay(company, events, today, partners=customers)
        _logger.info(
            "Recouvrement dispute demo: %d disputes",
            self.search_count([("company_id", "=", company.id)]),
        )

    def _demo_open_dispute(self, invoice, spec, today):
        """A dispute opened ``spec["opened"]`` days from today, by the
        administrator who owns it (its deadline: the reason's days)."""
        opened = today + timedelta(spec["opened"])
        vals = {
            "move_id": invoice.id,
            "reason_id": self.env.ref(
                f"account_recouvrement_dispute.dispute_reason_{spec['reason']}"
            ).id,
            "user_id": self.env.user.id,
            "date": opened,
            "description": spec["description"],
        }
        if spec.get("amount"):
            vals["amount"] = spec["amount"]
        dispute = self.env["recouvrement.dispute"].create(vals)
        # the exclusion it made dates from its opening
        self._demo_dispute_exclusion(dispute).date_start = opened
        return dispute

    def _demo_dispute_exclusion(self, dispute):
        return (
            self.env["recouvrement.exclusion"]
            .with_context(active_test=False)
            .search([("origin_ref", "=", f"{dispute._name},{dispute.id}")])
        )

    def _demo_settle_dispute(self, invoice, spec, today):
        """The open dispute of ``invoice`` rejected: the invoice is back in
        the dunning; or justified: the credit note, posted by the
        administrator (a dunning manager) and matched with the invoice, whose
        rest is chased."""
        dispute = invoice.recouvrement_dispute_id
        settled = today + timedelta(spec["settled"])
        dispute.resolution_note = spec["note"]
        if spec["outcome"] == "rejected":
            dispute.action_reject()
        else:
            dispute.action_resolve_justified(amount=spec.get("amount"))
            credit_note = dispute.credit_note_id
            credit_note.action_post()
            (dispute.move_id.line_ids | credit_note.line_ids).filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable"
                    and not line.reconciled
                )
            ).reconcile()
        dispute.resolution_date = settled
        self._demo_dispute_exclusion(dispute).date_end = settled

    def _demo_insolvency(self, partners, today):
        """A customer in redressement judiciaire: the runs from the judgement
        on leave it out; its claim is to file with the mandataire judiciaire
        within two months of the BODACC publication."""
        xmlid, judgement_days, bodacc_days = DEMO_INSOLVENT
        mandataire = self.env["res.partner"].create(
            dict(
                DEMO_MANDATAIRE,
                country_id=self.env.ref("base.fr").id,
                lang=self.env.lang,
            )
        )
        partners[xmlid].write(
            {
                "recouvrement_insolvency_state": "receivership",
                "recouvrement_insolvency_date": today + timedelta(judgement_days),
                "recouvrement_bodacc_date": today + timedelta(bodacc_days),
                "recouvrement_insolvency_administrator_id": mandataire.id,
            }
        )
