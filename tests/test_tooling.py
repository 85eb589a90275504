"""Checks of the project tooling: packaging, manifest, scripts.

Plain pytest tests (no database needed); scripts/test runs them next to the addon's
Odoo tests.
"""

import ast
import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDON_DIR = ROOT / "account_recouvrement"


def _load_setup():
    spec = importlib.util.spec_from_file_location(
        "recouvrement_setup", ROOT / "setup.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # setup() only runs under __main__
    return module


def _manifest():
    return ast.literal_eval((ADDON_DIR / "__manifest__.py").read_text(encoding="utf-8"))


def test_manifest_version_and_files():
    manifest = _manifest()
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"])
    listed = manifest.get("data", []) + manifest.get("demo", [])
    missing = [name for name in listed if not (ADDON_DIR / name).is_file()]
    assert not missing, f"files listed in the manifest but absent: {missing}"


def test_wheel_contents_and_requirements():
    setup = _load_setup()
    packages, package_dirs, package_data = setup.packages_and_data()
    assert packages[0] == "odoo.addons.account_recouvrement"
    assert package_dirs == {"odoo.addons.account_recouvrement": "account_recouvrement"}
    data = set(package_data["odoo.addons.account_recouvrement"])
    expected = {
        str(path.relative_to(ADDON_DIR))
        for path in ADDON_DIR.rglob("*")
        if path.is_file()
        and path.suffix in {".xml", ".csv", ".po", ".js", ".scss", ".png", ".svg"}
    }
    assert expected <= data, f"not packaged: {sorted(expected - data)}"
    assert not [name for name in data if name.endswith(".pyc")]
    requirements = setup.install_requires(_manifest())
    assert "odoo>=19.0a,<19.1dev" in requirements
    assert "odoo-addon-report_xlsx>=19.0dev,<19.1dev" in requirements
    version = setup.addon_version()
    assert version.startswith(_manifest()["version"])


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
