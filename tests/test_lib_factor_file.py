"""The factor's remittance file (plain functions, no database): every
expected line is written out by hand, field by field."""

from datetime import date

from odoo.addons.account_recouvrement_factoring.lib.factor_file import (
    FileError,
    ascii_upper,
    bpce_records,
    check,
    net_total,
    render,
    to_cents,
)

HEADER = {
    "client_code": "CLI0042",
    "reference": "AFF/2026/0001",
    "date": date(2026, 2, 15),
    "currency": "EUR",
    "decimals": 2,
    "company_name": "Société Générale de Test",
}
INVOICE = {
    "number": "INV/2026/00001",
    "kind": "invoice",
    "invoice_date": date(2026, 1, 31),
    "due_date": date(2026, 3, 2),
    "amount": 1234.56,
    "origin": "",
    "partner_name": "Café Crème Élysée",
    "partner_ref": "C-MARTIN",
    "siret": "73282932000074",
    "siren": "732829320",
    "foreign": False,
}
CREDIT_NOTE = {
    **INVOICE,
    "number": "RINV/2026/00001",
    "kind": "credit_note",
    "invoice_date": date(2026, 2, 5),
    "due_date": date(2026, 2, 5),
    "amount": 200.0,
    "origin": "INV/2026/00001",
}
LONG_NAME = {
    "number": "INV/2026/00002",
    "kind": "invoice",
    "invoice_date": date(2026, 2, 10),
    "due_date": date(2026, 4, 30),
    "amount": 99.9,
    "origin": "",
    "partner_name": "Établissements  Dupont et Fils Réunis de Bourgogne-Franche-Comté",
    "partner_ref": "1234",
    "siret": "40483304800022",
    "siren": "404833048",
    "foreign": True,
}
DOCUMENTS = [INVOICE, CREDIT_NOTE, LONG_NAME]

# fmt: off
BPCE_LINES = [
    # 01 | client code (10) | date | reference (20) | currency | company name (35)
    "01" "CLI0042   " "15022026" "AFF/2026/0001       " "EUR"
    "SOCIETE GENERALE DE TEST           " + " " * 197,
    # 02 | seq | SIRET | name (35) | ref (15) | D/E | number (30) | type | dates
    #    | amount in cents (13) | currency | origin (30)
    "02" "000001" "73282932000074" "CAFE CREME ELYSEE                  "
    "C-MARTIN       " "D" "INV/2026/00001                " "FAC"
    "31012026" "02032026" "0000000123456" "EUR" "                              "
    + " " * 107,
    "02" "000002" "73282932000074" "CAFE CREME ELYSEE                  "
    "C-MARTIN       " "D" "RINV/2026/00001               " "AVO"
    "05022026" "05022026" "0000000020000" "EUR" "INV/2026/00001                "
    + " " * 107,
    "02" "000003" "40483304800022" "ETABLISSEMENTS DUPONT ET FILS REUNI"
    "1234           " "E" "INV/2026/00002                " "FAC"
    "10022026" "30042026" "0000000009990" "EUR" "                              "
    + " " * 107,
    # 09 | count | invoices | credit notes | sign | net (1,334.46 − 200.00)
    "09" "000003" "0000000133446" "0000000020000" "+" "0000000113446" + " " * 227,
]
# fmt: on


def test_bpce_records_byte_exact():
    records = bpce_records(HEADER, DOCUMENTS)
    assert records == BPCE_LINES
    assert {len(record) for record in records} == {275}
    raw = render("bpce", HEADER, DOCUMENTS)
    assert raw == "".join(line + "\r\n" for line in BPCE_LINES).encode("ascii")
    assert len(raw) == 5 * 277


def test_bpce_trailer_total_is_the_net_of_the_documents():
    assert net_total(HEADER, DOCUMENTS) == 113446
    only_credit = bpce_records(HEADER, [CREDIT_NOTE])[-1]
    # fmt: off
    assert only_credit[:48] == (
        "09" "000001" "0000000000000" "0000000020000" "-" "0000000020000"
    )
    # fmt: on


def test_eurofactor_byte_exact():
    raw = render("eurofactor", HEADER, DOCUMENTS)
    assert raw == (
        b"CLI0042;732829320;INV/2026/00001;1234.56;20260131;20260302;F;\r\n"
        b"CLI0042;732829320;RINV/2026/00001;200.00;20260205;20260205;A;"
        b"INV/2026/00001\r\n"
        b"CLI0042;404833048;INV/2026/00002;99.90;20260210;20260430;F;\r\n"
    )


def test_csv_byte_exact():
    raw = render("csv", HEADER, DOCUMENTS)
    assert raw.decode("utf-8").split("\r\n") == [
        "batch,client_code,document,type,customer_ref,customer,siret,"
        "invoice_date,due_date,amount,currency,origin",
        "AFF/2026/0001,CLI0042,INV/2026/00001,invoice,C-MARTIN,"
        "Café Crème Élysée,73282932000074,2026-01-31,2026-03-02,1234.56,EUR,",
        "AFF/2026/0001,CLI0042,RINV/2026/00001,credit_note,C-MARTIN,"
        "Café Crème Élysée,73282932000074,2026-02-05,2026-02-05,200.00,EUR,"
        "INV/2026/00001",
        "AFF/2026/0001,CLI0042,INV/2026/00002,invoice,1234,"
        "Établissements  Dupont et Fils Réunis de Bourgogne-Franche-Comté,"
        "40483304800022,2026-02-10,2026-04-30,99.90,EUR,",
        "",
    ]


def test_names_upper_case_without_accents():
    assert ascii_upper("Œuvres d'Ève  & Cie") == "OEUVRES D'EVE & CIE"
    assert ascii_upper("北京贸易") is None


def test_cents_rounded_half_up():
    assert to_cents(0.005) == 1
    assert to_cents(1234.565) == 123457
    assert to_cents(99.9) == 9990


def test_every_faulty_document_is_listed():
    no_siret = {**INVOICE, "number": "INV/1", "siret": "", "siren": ""}
    no_origin = {**CREDIT_NOTE, "number": "RINV/1", "origin": ""}
    unencodable = {**INVOICE, "number": "INV/2", "partner_name": "北京贸易"}
    documents = [INVOICE, no_siret, no_origin, unencodable, LONG_NAME]
    assert check("bpce", HEADER, documents) == [
        FileError("INV/1", "siret"),
        FileError("RINV/1", "origin"),
        FileError("INV/2", "encoding", "北京贸易"),
    ]
    assert check("eurofactor", HEADER, documents) == [
        FileError("INV/1", "siren"),
        FileError("RINV/1", "origin"),
    ]
    # the generic layout needs neither SIRET nor origin, and is UTF-8
    assert check("csv", HEADER, documents) == []
    assert check("bpce", HEADER, DOCUMENTS) == []
