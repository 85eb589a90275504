"""The French translation (``account_recouvrement/i18n/fr.po``) is complete and
made of whole English source strings (database-free)."""

import re
from pathlib import Path

import polib
import pytest

I18N = Path(__file__).resolve().parent.parent / "account_recouvrement" / "i18n"
FR_PO = I18N / "fr.po"
POT = I18N / "account_recouvrement.pot"

# Words that only a French sentence contains: the second half of a bilingual
# "English. / Français." source string gives itself away with them.
FRENCH_WORDS = {
    "le", "la", "les", "des", "du", "une", "est", "sont", "pas", "ne", "aux",
    "au", "pour", "avec", "sur", "dans", "vous", "nous", "doit", "doivent",
    "peut", "être", "société", "facture", "factures", "taux", "période",
    "délai", "délais", "relance", "relances", "créances",
}  # fmt: skip


def is_bilingual(msgid):
    """An English source joined to its French translation by " / "."""
    if " / " not in msgid:
        return False
    french = msgid.rsplit(" / ", 1)[1]
    return bool(set(re.findall(r"[^\W\d_]+", french.lower())) & FRENCH_WORDS)


@pytest.fixture(scope="module")
def fr_po():
    return polib.pofile(str(FR_PO))


def test_detects_bilingual_source_strings():
    assert is_bilingual("Choose a company. / Choisissez une société.")
    assert is_bilingual(
        "A rate cannot be negative. / Un taux ne peut pas être négatif."
    )
    assert not is_bilingual("Overdue ratio (overdue receivables / total receivables)")
    assert not is_bilingual("collected / (opening receivables + sales)")
    assert not is_bilingual("Choose a company.")


def test_no_bilingual_source_string(fr_po):
    bilingual = [entry.msgid for entry in fr_po if is_bilingual(entry.msgid)]
    assert not bilingual, "English-only source strings, French in fr.po:\n" + "\n".join(
        bilingual
    )


def test_every_entry_translated(fr_po):
    untranslated = [
        entry.msgid
        for entry in fr_po
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]
    assert not untranslated, "Untranslated in fr.po:\n" + "\n".join(untranslated)
    assert not fr_po.obsolete_entries(), "obsolete entries left in fr.po"


def test_fr_po_matches_template(fr_po):
    """fr.po translates exactly the strings of the template (.pot)."""
    template = {entry.msgid for entry in polib.pofile(str(POT))}
    translated = {entry.msgid for entry in fr_po if not entry.obsolete}
    assert template - translated == set(), "missing from fr.po"
    assert translated - template == set(), "not in the template any more"


@pytest.mark.parametrize("path", [FR_PO, POT], ids=["fr.po", "pot"])
def test_every_entry_names_its_module(path):
    """Odoo's PO reader needs the "#. module:" comment of every entry: an
    entry added by hand without it makes the module's update fail."""
    catalog = polib.pofile(str(path))
    missing = [
        entry.msgid
        for entry in catalog
        if not entry.obsolete and "module: account_recouvrement" not in entry.comment
    ]
    assert not missing, "No “#. module:” comment:\n" + "\n".join(missing)
