"""The litigation cases of the demo: one at each of three stages (the one in
enforcement a doubtful receivable provisioned at 50 %), and one closed as
irrecoverable and written off. Runs after the core's demo, on its company,
for customers of their own."""

from datetime import timedelta

from odoo import Command, api, models

from odoo.addons.account_recouvrement_base.demo.recouvrement_demo import (
    DEMO_EMAIL_DOMAIN,
)

MODULE = "account_recouvrement_litigation"

# Litigation cases, opened after the runs on customers whose
# invoices fell due long ago, with dates (days from today) typed as they
# happened: xmlid suffix, customer values, invoices (days to their due date,
# untaxed amount, label), case values, the stage, the outcome of a closed case.
DEMO_CASES = [
    (
        "demo_customer_brasserie_garnier",
        {
            "name": "Brasserie Garnier SAS",
            "street": "8 place Bellecour",
            "zip": "69002",
            "city": "Lyon",
            "email": f"direction@brasserie-garnier.{DEMO_EMAIL_DOMAIN}",
        },
        [(-95, 2400.0, "Fourniture de fûts et tireuses"), (-80, 3100.0, "Maintenance")],
        {"procedure": "injonction_commerce", "opened": -30},
        "account_recouvrement_litigation.stage_formal_notice",
        None,
    ),
    (
        "demo_customer_blanc",
        {
            "name": "Carrosserie Blanc",
            "street": "51 avenue Jean Jaurès",
            "zip": "13005",
            "city": "Marseille",
            "email": f"contact@carrosserie-blanc.{DEMO_EMAIL_DOMAIN}",
        },
        [(-150, 7800.0, "Peinture et pièces détachées")],
        {
            "procedure": "injonction_commerce",
            "opened": -100,
            "date_filed": -90,
            "date_order": -60,
            "date_served": -20,
            "costs": [(-90, "Frais de greffe (requête en injonction de payer)", 33.47)],
        },
        "account_recouvrement_litigation.stage_injonction",
        None,
    ),
    (
        "demo_customer_guerin",
        {
            "name": "Fleurs Guérin",
            "street": "2 rue Sainte-Catherine",
            "zip": "33000",
            "city": "Bordeaux",
            "email": f"boutique@fleurs-guerin.{DEMO_EMAIL_DOMAIN}",
        },
        [(-120, 1450.0, "Décoration florale d'événement")],
        {
            "procedure": "small_claims",
            "opened": -70,
            "date_filed": -60,
            "costs": [(-60, "Commissaire de justice : procédure simplifiée", 150.0)],
        },
        "account_recouvrement_litigation.stage_enforcement",
        None,
    ),
    (
        "demo_customer_chauvin",
        {
            "name": "Imprimerie Chauvin",
            "street": "17 rue du Port",
            "zip": "44000",
            "city": "Nantes",
        },
        [(-400, 980.0, "Impression de catalogues")],
        {"procedure": "injonction_commerce", "opened": -300},
        "account_recouvrement_litigation.stage_enforcement",
        "irrecoverable",
    ),
]
#: the external ids the demo's code gives (taken over from the core, where
#: they were made up to its 19.0.1.2.0; its Brasserie Garnier was
#: demo_customer_garnier, the factoring demo's printer's id: left to it)
DEMO_XMLIDS = tuple(xmlid for xmlid, *_rest in DEMO_CASES)
#: the customer whose external id says the demo ran
DEMO_DONE = "demo_customer_blanc"


class RecouvrementCase(models.Model):
    _inherit = "recouvrement.case"

    @api.model
    def _demo_generate(self):
        """The litigation cases of the main company's demo. Called by the
        demo data; does nothing when their customers already exist (or the
        core's demo did not run)."""
        prepared = self.env["recouvrement.run"]._demo_addon_context(
            MODULE, DEMO_DONE, "litigation"
        )
        if prepared:
            env, company, journal, today = prepared
            self.with_env(env)._demo_cases(company, journal, today)

    @api.model
    def _demo_cases(self, company, journal, today):
        """One litigation case at each of three stages (the one in enforcement
        a doubtful receivable provisioned at 50 %), and one closed as
        irrecoverable and written off."""
        france = self.env.ref("base.fr")
        french = self.env["res.lang"].search_count([("code", "=", "fr_FR")])
        tax = company.account_sale_tax_id
        for xmlid, values, invoice_specs, case_spec, stage, outcome in DEMO_CASES:
            partner = self.env["res.partner"].create(
                dict(
                    values,
                    is_company=True,
                    country_id=france.id,
                    **({"lang": "fr_FR"} if french else {}),
                )
            )
            self.env["ir.model.data"]._update_xmlids(
                [
                    {
                        "xml_id": f"{MODULE}.{xmlid}",
                        "record": partner,
                        "noupdate": True,
                    }
                ]
            )
            moves = self.env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "journal_id": journal.id,
                        "partner_id": partner.id,
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
                    for days, amount, label in invoice_specs
                ]
            )
            moves.action_post()
            case = self.env["recouvrement.case"].create(
                {
                    "move_ids": [Command.set(moves.ids)],
                    "procedure": case_spec["procedure"],
                }
            )
            case.action_open()
            opened = today + timedelta(case_spec["opened"])
            case.date_open = opened
            case.move_ids.recouvrement_exclusion_ids.filtered(
                lambda exclusion, c=case: exclusion.origin_ref == c
            ).date_start = opened
            case.write(
                {
                    name: today + timedelta(case_spec[name])
                    for name in ("date_filed", "date_order", "date_served")
                    if name in case_spec
                }
            )
            case.cost_ids = [
                Command.create(
                    {"date": today + timedelta(days), "name": label, "amount": amount}
                )
                for days, label, amount in case_spec.get("costs", [])
            ]
            case.stage_id = self.env.ref(stage)
            if outcome:
                case.action_close(outcome)
            if outcome == "irrecoverable":
                # the accountant wrote the claim off (654 and the VAT credit note)
                case.action_write_off()
            elif stage == "account_recouvrement_litigation.stage_enforcement":
                # in enforcement: a doubtful receivable, provisioned at 50 %
                case.action_transfer_doubtful()
                case.action_provision(50.0)
