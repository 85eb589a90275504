"""Checks of the project tooling: packaging, manifest, scripts.

The packaging tests build the wheel as `pip wheel ./account_recouvrement` does (whool
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
ADDON_DIR = ROOT / "account_recouvrement"


def _manifest():
    return ast.literal_eval((ADDON_DIR / "__manifest__.py").read_text(encoding="utf-8"))


def test_manifest_version_and_files():
    manifest = _manifest()
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"])
    listed = manifest.get("data", []) + manifest.get("demo", [])
    missing = [name for name in listed if not (ADDON_DIR / name).is_file()]
    assert not missing, f"files listed in the manifest but absent: {missing}"


def _requirement(requirements, name):
    found = [req for req in requirements if canonicalize_name(req.name) == name]
    assert len(found) == 1, f"{name} required {len(found)} times in {requirements}"
    return found[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel built from account_recouvrement/pyproject.toml (whool backend), as
    `pip wheel ./account_recouvrement` builds it."""
    assert importlib.util.find_spec("whool"), (
        "the build backend whool is missing: pip install -r requirements-dev.txt"
    )
    out = tmp_path_factory.mktemp("wheel")
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
            str(ADDON_DIR),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, f"expected one wheel, pip built {wheels}"
    return wheels[0]


def test_no_root_setup_py():
    # The addon is packaged by whool from its own pyproject.toml; a root setup.py
    # or build-system would be a second, diverging packaging.
    assert not (ROOT / "setup.py").exists()
    assert "build-system" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'build-backend = "whool.buildapi"' in (
        ADDON_DIR / "pyproject.toml"
    ).read_text(encoding="utf-8")


def test_wheel_contents(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    prefix = "odoo/addons/account_recouvrement/"
    assert prefix + "__manifest__.py" in names
    assert prefix + "__init__.py" in names
    packaged = {name[len(prefix) :] for name in names if name.startswith(prefix)}
    expected = {
        path.relative_to(ADDON_DIR).as_posix()
        for path in ADDON_DIR.rglob("*")
        if path.is_file()
        and path.suffix
        in {".xml", ".csv", ".po", ".pot", ".js", ".scss", ".png", ".svg", ".md"}
    }
    assert expected, "no data file found in the addon"
    # whool packages the files git tracks: a new file must be added to git.
    missing = sorted(expected - packaged)
    assert not missing, f"not packaged (not added to git?): {missing}"
    python = {
        path.relative_to(ADDON_DIR).as_posix()
        for path in ADDON_DIR.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert python <= packaged, f"not packaged: {sorted(python - packaged)}"
    assert not [n for n in names if n.endswith((".pyc", ".pyo")) or "__pycache__" in n]
    assert prefix + "pyproject.toml" not in names
    outside = [n for n in names if not n.startswith((prefix, "odoo_addon_"))]
    assert not outside, f"files outside odoo/addons/account_recouvrement: {outside}"


def test_wheel_metadata(wheel):
    manifest = _manifest()
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [
            n for n in archive.namelist() if n.endswith(".dist-info/METADATA")
        ]
        metadata = HeaderParser().parsestr(archive.read(metadata_name).decode())
    assert metadata["Name"] == "odoo-addon-account_recouvrement"
    assert wheel.name.startswith("odoo_addon_account_recouvrement-")
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
    # report_xlsx is an OCA addon of the manifest's depends: required for 19.0 only.
    assert "report_xlsx" in manifest["depends"]
    report_xlsx = _requirement(requirements, "odoo-addon-report-xlsx")
    for accepted in ("19.0.1.0.0", "19.0.1.0.2.2"):
        assert report_xlsx.specifier.contains(accepted, prereleases=True)
    for refused in ("18.0.1.0.0", "19.1.1.0.0", "20.0.1.0.0"):
        assert not report_xlsx.specifier.contains(refused, prereleases=True)
    # OCA l10n_fr_siret (the customers' SIRET in the factor's files) likewise.
    assert "l10n_fr_siret" in manifest["depends"]
    l10n_fr_siret = _requirement(requirements, "odoo-addon-l10n-fr-siret")
    assert l10n_fr_siret.specifier.contains("19.0.1.1.0.4", prereleases=True)
    assert not l10n_fr_siret.specifier.contains("18.0.1.0.0", prereleases=True)
    # Odoo's own addons (account, mail) come with odoo, nothing else is required.
    assert sorted(canonicalize_name(r.name) for r in requirements) == [
        "odoo",
        "odoo-addon-l10n-fr-siret",
        "odoo-addon-report-xlsx",
    ]


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
