"""The French translation of every addon of the suite (``ADDON/i18n/fr.po``) is
complete and made of whole English source strings (database-free)."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
#: the addons that have strings of their own to translate
TRANSLATED = sorted(p.parent.parent.name for p in ROOT.glob("*/i18n/fr.po"))

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


def test_every_addon_with_strings_is_translated():
    assert "account_recouvrement_base" in TRANSLATED
    for pot in ROOT.glob("*/i18n/*.pot"):
        assert (pot.parent / "fr.po").is_file(), f"{pot} has no fr.po beside it"


@pytest.fixture(scope="module", params=TRANSLATED)
def addon(request):
    return request.param


@pytest.fixture(scope="module")
def fr_po(addon):
    return polib.pofile(str(ROOT / addon / "i18n" / "fr.po"))


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


def test_fr_po_matches_template(addon, fr_po):
    """fr.po translates exactly the strings of the template (.pot)."""
    pot = ROOT / addon / "i18n" / f"{addon}.pot"
    template = {entry.msgid for entry in polib.pofile(str(pot))}
    translated = {entry.msgid for entry in fr_po if not entry.obsolete}
    assert template - translated == set(), "missing from fr.po"
    assert translated - template == set(), "not in the template any more"


@pytest.mark.parametrize("kind", ["fr.po", "pot"])
def test_every_entry_names_its_module(addon, kind):
    """Odoo's PO reader needs the "#. module:" comment of every entry: an
    entry added by hand without it makes the module's update fail."""
    name = "fr.po" if kind == "fr.po" else f"{addon}.pot"
    catalog = polib.pofile(str(ROOT / addon / "i18n" / name))
    missing = [
        entry.msgid
        for entry in catalog
        if not entry.obsolete and f"module: {addon}" not in entry.comment.split("\n")
    ]
    assert not missing, "No “#. module:” comment:\n" + "\n".join(missing)
