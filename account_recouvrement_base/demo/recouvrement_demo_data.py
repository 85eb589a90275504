"""The figures of the demo: the company, its French customers and their
invoices, the days of the runs replayed (plain data, read by the demo's code
and by the addons' demos)."""

from datetime import time

MODULE = "account_recouvrement_base"

DEMO_EMAIL_DOMAIN = "example.com"
# The customers' language, when the database has it
DEMO_LANG = "fr_FR"
# The time of day of what the demo replays on a past day
DEMO_TIME = time(9, 0)

# The demo company: a French firm, so that the letters and emails carry a
# real identity (valid SIRET, VAT number and IBAN check digits; no logo: the
# letterhead is text)
DEMO_COMPANY = {
    "name": "Delorme Équipements",
    "street": "48 rue de la Villette",
    "street2": False,
    "zip": "69003",
    "city": "Lyon",
    "phone": "+33 4 78 95 40 20",
    "email": f"comptabilite@delorme-equipements.{DEMO_EMAIL_DOMAIN}",
    "website": f"https://www.delorme-equipements.{DEMO_EMAIL_DOMAIN}",
    "company_registry": "81245369400018",
    "vat": "FR93812453694",
    "report_header": "Équipements et fournitures pour les professionnels",
    "logo": False,
    "recouvrement_legal_form": "SAS au capital de 150 000 €, RCS Lyon",
    "recouvrement_signatory_name": "Claire Morel",
    "recouvrement_signatory_title": "Responsable du recouvrement",
}
DEMO_BANK = {"name": "Société Générale", "bic": "SOGEFRPP"}
DEMO_IBAN = "FR7630003015300002041783640"

# Each customer: xmlid suffix, values, invoices. An invoice is
# (days from today to its due date, untaxed amount, label). With the runs of
# DEMO_RUN_DAYS the default policy (J-3, J+10, J+25 review, J+40 review) leaves:
#   formal notice to review: Lefèvre, Girard (two invoices)
#   second reminder to review: Moreau, Bernard (partly paid)
#   first reminder sent today: Fontaine; courtesy reminder sent today: Roux
#   formal notice sent 20 days ago (registered letter received): Dubois
# (the disputes and the insolvency proceedings are the dispute addon's demo)
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
# The customers' SIRET and VAT numbers (valid check digits): the claims filed
# with a mandataire judiciaire and the receivables workbook state them
DEMO_CUSTOMER_IDS = {
    "demo_customer_lefevre": ("85588685900013", "FR70855886859"),
    "demo_customer_girard": ("70724812600013", "FR49707248126"),
    "demo_customer_moreau": ("79073152500016", "FR29790731525"),
    "demo_customer_bernard": ("68872860900019", "FR91688728609"),
    "demo_customer_fontaine": ("67349641000014", "FR00673496410"),
    "demo_customer_roux": ("44785699800011", "FR47447856998"),
    "demo_customer_dubois": ("33615393700014", "FR62336153937"),
}
# An invoice of Transports Moreau kept out of the dunning
DEMO_EXCLUDED = ("demo_customer_moreau", -30, 960.0, "Transport express Lille – Paris")
DEMO_EXCLUSION_REASON = "Litige : livraison incomplète contestée par le client"
# Pharmacie Bernard pays part of its invoice (due 25 days ago) 10 days ago
DEMO_PARTIAL_PAYMENT = ("demo_customer_bernard", -25, -10, 1000.0)
# Days (before today) of the dunning runs, each followed by the cron's
# follow-up of the day (the addons': the payment plans'); the last one is
# today's
DEMO_RUN_DAYS = (-50, -35, -30, -20, -15, 0)
