"""Checks of the project tooling: packaging, manifest, scripts.

The packaging tests build each addon's wheel as `pip wheel ./ADDON` does (whool
build backend, without build isolation: whool comes from requirements-dev.txt) and
check what is in it.

Plain pytest tests (no database needed); scripts/test runs them next to the addon's
Odoo tests.
"""

import ast
import importlib.util
import re
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
#: the addons of the suite, the installer last; the glue addons beside them
SUITE = [
    "account_recouvrement_base",
    "account_recouvrement_dispute",
    "account_recouvrement_payment_plan",
    "account_recouvrement_factoring",
    "account_recouvrement_litigation",
    "account_recouvrement_receivables",
    "account_recouvrement",
]
GLUE = ["account_recouvrement_queue_job"]
ADDONS = SUITE + GLUE
#: Odoo's own addons come with odoo; the others are required by name
ODOO_ADDONS = {"account", "mail", "base", "web", "portal", "payment", "sale"}


def _manifest(addon):
    return ast.literal_eval(
        (ROOT / addon / "__manifest__.py").read_text(encoding="utf-8")
    )


def test_suite_is_every_addon_of_the_repository():
    found = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
    assert found == sorted(ADDONS)


def test_installer_depends_on_the_whole_suite():
    depends = set(_manifest("account_recouvrement")["depends"])
    assert set(SUITE) - {"account_recouvrement"} <= depends


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_version_and_files(addon):
    manifest = _manifest(addon)
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"])
    listed = manifest.get("data", []) + manifest.get("demo", [])
    missing = [name for name in listed if not (ROOT / addon / name).is_file()]
    assert not missing, f"files listed in the manifest but absent: {missing}"


def _requirement(requirements, name):
    found = [req for req in requirements if canonicalize_name(req.name) == name]
    assert len(found) == 1, f"{name} required {len(found)} times in {requirements}"
    return found[0]


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    """The wheels built from each addon's pyproject.toml (whool backend), as
    `pip wheel ./ADDON` builds them."""
    assert importlib.util.find_spec("whool"), (
        "the build backend whool is missing: pip install -r requirements-dev.txt"
    )
    built = {}
    for addon in ADDONS:
        out = tmp_path_factory.mktemp(addon)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--wheel-dir",
                str(out),
                str(ROOT / addon),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        found = list(out.glob("*.whl"))
        assert len(found) == 1, f"expected one wheel, pip built {found}"
        built[addon] = found[0]
    return built


def test_no_root_setup_py():
    # Each addon is packaged by whool from its own pyproject.toml; a root setup.py
    # or build-system would be a second, diverging packaging.
    assert not (ROOT / "setup.py").exists()
    assert "build-system" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for addon in ADDONS:
        assert 'build-backend = "whool.buildapi"' in (
            ROOT / addon / "pyproject.toml"
        ).read_text(encoding="utf-8"), addon


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_contents(wheels, addon):
    addon_dir = ROOT / addon
    with zipfile.ZipFile(wheels[addon]) as archive:
        names = set(archive.namelist())
    prefix = f"odoo/addons/{addon}/"
    assert prefix + "__manifest__.py" in names
    assert prefix + "__init__.py" in names
    packaged = {name[len(prefix) :] for name in names if name.startswith(prefix)}
    expected = {
        path.relative_to(addon_dir).as_posix()
        for path in addon_dir.rglob("*")
        if path.is_file()
        and path.suffix
        in {
            ".xml",
            ".csv",
            ".po",
            ".pot",
            ".js",
            ".scss",
            ".png",
            ".svg",
            ".md",
            ".txt",
        }
    }
    # whool packages the files git tracks: a new file must be added to git.
    missing = sorted(expected - packaged)
    assert not missing, f"not packaged (not added to git?): {missing}"
    python = {
        path.relative_to(addon_dir).as_posix()
        for path in addon_dir.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert python <= packaged, f"not packaged: {sorted(python - packaged)}"
    assert not [n for n in names if n.endswith((".pyc", ".pyo")) or "__pycache__" in n]
    assert prefix + "pyproject.toml" not in names
    outside = [n for n in names if not n.startswith((prefix, "odoo_addon_"))]
    assert not outside, f"files outside {prefix}: {outside}"


def _metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [
            n for n in archive.namelist() if n.endswith(".dist-info/METADATA")
        ]
        return HeaderParser().parsestr(archive.read(metadata_name).decode())


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_metadata(wheels, addon):
    manifest = _manifest(addon)
    metadata = _metadata(wheels[addon])
    assert metadata["Name"] == f"odoo-addon-{addon}"
    assert wheels[addon].name.startswith(f"odoo_addon_{addon}-")
    # 19.0.x.y.z, or 19.0.x.y.z.N (N commits since the manifest version changed)
    assert re.fullmatch(
        re.escape(manifest["version"]) + r"(\.\d+)?", metadata["Version"]
    )
    requirements = [Requirement(r) for r in metadata.get_all("Requires-Dist", [])]
    # Same range as odoo>=19.0a,<19.1dev (whool writes it odoo==19.0.*).
    odoo = _requirement(requirements, "odoo")
    for accepted in ("19.0", "19.0.20250101", "19.0.post20251201"):
        assert odoo.specifier.contains(accepted, prereleases=True), (odoo, accepted)
    for refused in ("18.0", "19.1", "20.0"):
        assert not odoo.specifier.contains(refused, prereleases=True), (odoo, refused)
    # every other addon of the depends is required for 19.0 only; Odoo's own
    # addons come with odoo
    others = [d for d in manifest["depends"] if d not in ODOO_ADDONS]
    for depend in others:
        requirement = _requirement(
            requirements, canonicalize_name(f"odoo-addon-{depend}")
        )
        for accepted in ("19.0.1.0.0", "19.0.1.0.2.2"):
            assert requirement.specifier.contains(accepted, prereleases=True)
        for refused in ("18.0.1.0.0", "19.1.1.0.0", "20.0.1.0.0"):
            assert not requirement.specifier.contains(refused, prereleases=True)
    assert sorted(canonicalize_name(r.name) for r in requirements) == sorted(
        ["odoo"] + [canonicalize_name(f"odoo-addon-{d}") for d in others]
    )


def test_addons_require_the_oca_addons_they_use():
    # l10n_fr_siret (SIRET in the letters and the factor's files) in the core,
    # report_xlsx (the XLSX workbook) in the receivables report
    assert "l10n_fr_siret" in _manifest("account_recouvrement_base")["depends"]
    assert "report_xlsx" in _manifest("account_recouvrement_receivables")["depends"]


@pytest.mark.parametrize(
    "script",
    [
        "scripts/lib.sh",
        "scripts/test",
        "scripts/run",
        "scripts/lint",
        "scripts/odoo-test",
    ]
    + [".ci/run"],
)
def test_scripts_parse(script):
    result = subprocess.run(
        ["bash", "-n", str(ROOT / script)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
