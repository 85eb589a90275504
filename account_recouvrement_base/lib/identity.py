"""The identity of a French company in its legal documents (no database)."""

import re


def siren(company_registry):
    """The SIREN (9 digits) of a French company registry number (SIRET or
    SIREN); other values are returned as they are."""
    if not company_registry:
        return ""
    digits = re.sub(r"\s", "", company_registry)
    if re.fullmatch(r"\d{9}|\d{14}", digits):
        return digits[:9]
    return company_registry
