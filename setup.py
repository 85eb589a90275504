"""Package account_recouvrement the way OCA does: `pip install .` installs the
distribution ``odoo-addon-account_recouvrement`` whose only content is the package
``odoo.addons.account_recouvrement`` (Odoo finds it in its own addons namespace,
without any --addons-path change).

The version comes from ``account_recouvrement/__manifest__.py``, with the same rule as
OCA's setuptools-odoo / whool (".99.devN" strategy): the manifest version as is when
the last commit touching the addon carries that version, otherwise
``<version>.99.devN`` where N counts the commits (plus one for uncommitted changes)
since the version was last changed.
"""

import ast
import os
import subprocess

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
ADDON = "account_recouvrement"
ADDON_DIR = os.path.join(HERE, ADDON)
PACKAGE = "odoo.addons." + ADDON
SERIES = "19.0"
NEXT_SERIES = "19.1"
# Addons that are not part of Odoo, with the distribution that provides them.
EXTERNAL_ADDONS = {"report_xlsx": "odoo-addon-report_xlsx"}
# The XLSX exports build on OCA report_xlsx: required even before the manifest lists it.
ALWAYS_REQUIRED_ADDONS = ("report_xlsx",)
SKIPPED_DIRS = {"__pycache__", ".git", ".ruff_cache", ".pytest_cache"}
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", "~")


def read_manifest(text=None):
    if text is None:
        with open(os.path.join(ADDON_DIR, "__manifest__.py"), encoding="utf-8") as f:
            text = f.read()
    return ast.literal_eval(text)


def _git(*args):
    return subprocess.run(
        ["git", *args],
        cwd=ADDON_DIR,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def addon_version():
    version = read_manifest()["version"]
    if not version.startswith(SERIES + "."):
        raise SystemExit(f"{ADDON} version {version!r} must start with {SERIES}.")
    try:
        git_root = _git("rev-parse", "--show-toplevel").strip()
        uncommitted = subprocess.call(
            ["git", "diff", "--quiet", "HEAD", "--", "."],
            cwd=ADDON_DIR,
            stderr=subprocess.DEVNULL,
        )
        shas = _git("log", "--format=%H", "--", ".").split()
    except (OSError, subprocess.CalledProcessError):
        return version  # not a git checkout (sdist, archive): the manifest rules
    manifest_path = os.path.relpath(
        os.path.join(ADDON_DIR, "__manifest__.py"), git_root
    )
    count = 1 if uncommitted else 0
    last_sha = None
    for sha in shas:
        try:
            old = read_manifest(_git("show", f"{sha}:{manifest_path}"))
        except (subprocess.CalledProcessError, ValueError, SyntaxError):
            break
        if old.get("version") != version:
            break
        if last_sha is None:
            last_sha = sha
        else:
            count += 1
    if not count:
        return version
    if last_sha:
        return f"{version}.99.dev{count}"
    return f"{version}.dev1"


def packages_and_data():
    """Python packages of the addon, and every other file as package data."""
    packages = [PACKAGE]
    package_dirs = {PACKAGE: ADDON}
    data = []
    for dirpath, dirnames, filenames in os.walk(ADDON_DIR):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        rel_dir = os.path.relpath(dirpath, ADDON_DIR)
        parts = [] if rel_dir == "." else rel_dir.split(os.sep)
        is_package = rel_dir == "." or (
            "__init__.py" in filenames
            and ".".join([PACKAGE, *parts[:-1]]) in packages
            and all(part.isidentifier() for part in parts)
        )
        if is_package and parts:
            packages.append(".".join([PACKAGE, *parts]))
        for name in sorted(filenames):
            if name.endswith(SKIPPED_SUFFIXES) or (is_package and name.endswith(".py")):
                continue
            data.append(os.path.normpath(os.path.join(rel_dir, name)))
    return packages, package_dirs, {PACKAGE: data}


def install_requires(manifest):
    requirements = [f"odoo>={SERIES}a,<{NEXT_SERIES}dev"]
    addons = [*ALWAYS_REQUIRED_ADDONS]
    addons += [d for d in manifest.get("depends", []) if d not in addons]
    for addon in addons:
        if addon in EXTERNAL_ADDONS:
            requirements.append(
                f"{EXTERNAL_ADDONS[addon]}>={SERIES}dev,<{NEXT_SERIES}dev"
            )
    requirements += manifest.get("external_dependencies", {}).get("python", [])
    return requirements


def long_description():
    path = os.path.join(HERE, "README.rst")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            return f.read()
    return ""


def main():
    manifest = read_manifest()
    packages, package_dirs, package_data = packages_and_data()
    setup(
        name=f"odoo-addon-{ADDON}",
        version=addon_version(),
        description=manifest.get("summary", manifest["name"]).strip(),
        long_description=long_description(),
        long_description_content_type="text/x-rst",
        author=manifest.get("author"),
        url=manifest.get("website"),
        license=manifest.get("license"),
        packages=packages,
        package_dir=package_dirs,
        package_data=package_data,
        include_package_data=False,
        zip_safe=False,
        python_requires=">=3.10",
        install_requires=install_requires(manifest),
        classifiers=[
            "Programming Language :: Python",
            "Framework :: Odoo",
            f"Framework :: Odoo :: {SERIES}",
            "License :: OSI Approved :: GNU Affero General Public License v3",
        ],
    )


if __name__ == "__main__":  # also true when pip/build run this file
    main()
