"""The factor's remittance file: the records of a batch in the factor's
layout, from plain dicts (no ORM). Every field is documented in the addon's
readme (CONFIGURE.md, "The factor's file").

A batch is a ``header`` dict (client_code, reference, date, currency,
decimals, company_name) and ``documents``, dicts with number, kind
("invoice" or "credit_note"), invoice_date, due_date, amount (positive,
taxes included), origin (the invoice a credit note credits), partner_name,
partner_ref, siret, siren, foreign (customer outside France).

``check`` lists every faulty document at once; ``render`` expects a batch
``check`` accepted and returns the bytes of the file."""

import csv
import io
import unicodedata
from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

BPCE_WIDTH = 275
BPCE_NAME = 35
BPCE_REF = 15
BPCE_NUMBER = 30
BPCE_AMOUNT = 13
BPCE_ENCODING = "ascii"
EUROFACTOR_ENCODING = "iso-8859-15"
CSV_ENCODING = "utf-8"
CRLF = "\r\n"
EXTENSIONS = {"bpce": "txt", "eurofactor": "csv", "csv": "csv"}
CSV_HEADER = (
    "batch",
    "client_code",
    "document",
    "type",
    "customer_ref",
    "customer",
    "siret",
    "invoice_date",
    "due_date",
    "amount",
    "currency",
    "origin",
)
# letters NFKD does not split into a base letter and an accent
LIGATURES = str.maketrans(
    {"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "Ø": "O", "ø": "o"}
)

FileError = namedtuple("FileError", "document code detail", defaults=("",))


def to_cents(amount, decimals=2):
    """The amount in the currency's smallest unit, rounded half up."""
    quantum = Decimal(1).scaleb(-decimals)
    value = Decimal(str(amount)).quantize(quantum, rounding=ROUND_HALF_UP)
    return int(value.scaleb(decimals))


def format_cents(cents, decimals=2):
    """``-123456`` → ``-1234.56``."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    if not decimals:
        return f"{sign}{cents}"
    unit = 10**decimals
    return f"{sign}{cents // unit}.{cents % unit:0{decimals}d}"


def net_total(header, documents):
    """Invoices less credit notes, in cents."""
    return sum(
        to_cents(doc["amount"], header["decimals"])
        * (-1 if doc["kind"] == "credit_note" else 1)
        for doc in documents
    )


def ascii_upper(text):
    """Upper case without accents; None when a character has no ASCII form."""
    text = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = " ".join(text.split()).upper()
    try:
        text.encode(BPCE_ENCODING)
    except UnicodeEncodeError:
        return None
    return text


def _encodable(text, encoding):
    try:
        (text or "").encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def check(fmt, header, documents):
    """Every faulty document, with the reason (codes: siret, siren, origin,
    encoding, number)."""
    errors = []
    for doc in documents:
        number = doc["number"]
        credit_note = doc["kind"] == "credit_note"
        if fmt in ("bpce", "eurofactor") and credit_note and not doc["origin"]:
            errors.append(FileError(number, "origin"))
        if fmt == "bpce":
            siret = doc["siret"] or ""
            if not (len(siret) == 14 and siret.isdigit()):
                errors.append(FileError(number, "siret"))
            if ascii_upper(doc["partner_name"]) is None:
                errors.append(FileError(number, "encoding", doc["partner_name"]))
            for text in (number, doc["origin"], doc["partner_ref"]):
                if not _encodable(text, BPCE_ENCODING):
                    errors.append(FileError(number, "encoding", text))
            if len(number) > BPCE_NUMBER or len(doc["origin"] or "") > BPCE_NUMBER:
                errors.append(FileError(number, "number"))
        elif fmt == "eurofactor":
            siren = doc["siren"] or ""
            if not (len(siren) == 9 and siren.isdigit()):
                errors.append(FileError(number, "siren"))
            for text in (number, doc["origin"]):
                if ";" in (text or "") or not _encodable(text, EUROFACTOR_ENCODING):
                    errors.append(FileError(number, "encoding", text))
    if fmt == "eurofactor" and (
        ";" in header["client_code"]
        or not _encodable(header["client_code"], EUROFACTOR_ENCODING)
    ):
        errors.append(FileError("", "encoding", header["client_code"]))
    if fmt == "bpce" and not _encodable(
        header["client_code"] + header["reference"], BPCE_ENCODING
    ):
        errors.append(FileError("", "encoding", header["client_code"]))
    return errors


def render(fmt, header, documents):
    """The file's bytes."""
    return {"bpce": render_bpce, "eurofactor": render_eurofactor, "csv": render_csv}[
        fmt
    ](header, documents)


# ----------------------------------------------------------------------
# BPCE Factor: fixed width
# ----------------------------------------------------------------------


def _alpha(text, width):
    return (text or "")[:width].ljust(width)


def _num(value, width):
    text = str(value)
    if len(text) > width:
        raise ValueError(f"{value} does not fit in {width} digits")
    return text.zfill(width)


def _ddmmyyyy(day):
    return day.strftime("%d%m%Y")


def bpce_records(header, documents):
    """The 275-character records (01 header, 02 details, 09 trailer)."""
    decimals = header["decimals"]
    records = [
        "01"
        + _alpha(header["client_code"], 10)
        + _ddmmyyyy(header["date"])
        + _alpha(header["reference"], 20)
        + _alpha(header["currency"], 3)
        + _alpha(ascii_upper(header["company_name"]) or "", BPCE_NAME)
    ]
    invoices = credit_notes = 0
    for sequence, doc in enumerate(documents, start=1):
        cents = to_cents(doc["amount"], decimals)
        credit_note = doc["kind"] == "credit_note"
        if credit_note:
            credit_notes += cents
        else:
            invoices += cents
        records.append(
            "02"
            + _num(sequence, 6)
            + _alpha(doc["siret"], 14)
            + _alpha(ascii_upper(doc["partner_name"]), BPCE_NAME)
            + _alpha(doc["partner_ref"], BPCE_REF)
            + ("E" if doc["foreign"] else "D")
            + _alpha(doc["number"], BPCE_NUMBER)
            + ("AVO" if credit_note else "FAC")
            + _ddmmyyyy(doc["invoice_date"])
            + _ddmmyyyy(doc["due_date"])
            + _num(cents, BPCE_AMOUNT)
            + _alpha(header["currency"], 3)
            + _alpha(doc["origin"] if credit_note else "", BPCE_NUMBER)
        )
    net = invoices - credit_notes
    records.append(
        "09"
        + _num(len(documents), 6)
        + _num(invoices, BPCE_AMOUNT)
        + _num(credit_notes, BPCE_AMOUNT)
        + ("-" if net < 0 else "+")
        + _num(abs(net), BPCE_AMOUNT)
    )
    return [record.ljust(BPCE_WIDTH) for record in records]


def render_bpce(header, documents):
    records = bpce_records(header, documents)
    return "".join(record + CRLF for record in records).encode(BPCE_ENCODING)


# ----------------------------------------------------------------------
# Eurofactor: semicolon-separated
# ----------------------------------------------------------------------


def eurofactor_records(header, documents):
    decimals = header["decimals"]
    records = []
    for doc in documents:
        credit_note = doc["kind"] == "credit_note"
        records.append(
            ";".join(
                (
                    header["client_code"],
                    doc["siren"],
                    doc["number"],
                    format_cents(to_cents(doc["amount"], decimals), decimals),
                    doc["invoice_date"].strftime("%Y%m%d"),
                    doc["due_date"].strftime("%Y%m%d"),
                    "A" if credit_note else "F",
                    doc["origin"] if credit_note else "",
                )
            )
        )
    return records


def render_eurofactor(header, documents):
    records = eurofactor_records(header, documents)
    return "".join(record + CRLF for record in records).encode(EUROFACTOR_ENCODING)


# ----------------------------------------------------------------------
# Generic CSV
# ----------------------------------------------------------------------


def render_csv(header, documents):
    decimals = header["decimals"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=CRLF)
    writer.writerow(CSV_HEADER)
    for doc in documents:
        credit_note = doc["kind"] == "credit_note"
        writer.writerow(
            (
                header["reference"],
                header["client_code"],
                doc["number"],
                "credit_note" if credit_note else "invoice",
                doc["partner_ref"],
                doc["partner_name"],
                doc["siret"],
                doc["invoice_date"].isoformat(),
                doc["due_date"].isoformat(),
                format_cents(to_cents(doc["amount"], decimals), decimals),
                header["currency"],
                doc["origin"] if credit_note else "",
            )
        )
    return buffer.getvalue().encode(CSV_ENCODING)
