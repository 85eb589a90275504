"""A database made by an earlier version upgrades in place to the suite with
``-u account_recouvrement``: 19.0.1.4.0 (the last version in one addon),
19.0.2.2.0 (the core still held the disputes) and 19.0.2.4.0 (the previous
main: the core still held the litigation cases; the update brings the
core's new abstract models, the installer alone being updated).

The old addons are taken from git (``OLD_VERSIONS``) and installed with their
demo data,
which holds records in every model of the suite, on the main company made
French as ``scripts/run`` does. The database is then updated with this
checkout's addons. Every table of the suite keeps the same rows, every former
external id still names the same record (under its new addon, and as an alias
under ``account_recouvrement``), the SQL constraints are all there, and the
shipped reminder email, whose stored body calls the view by its former name,
still renders.

Run by scripts/test in the suite's pytest run (it needs .run/odoo.conf and the
private cluster); about five minutes.
"""

import ast
import configparser
import json
import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import psycopg2
import pytest

from odoo.addons.account_recouvrement.hooks import RENAMED_XMLIDS, legacy_xmlids
from odoo.addons.account_recouvrement_base.hooks import SCHEMA_MODELS

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / ".run" / "odoo.conf"
#: the former versions upgraded, each a commit of main and its addons
OLD_VERSIONS = {
    # before the split into a suite
    "19.0.1.4.0": (
        "3f1981a9ea18d5365b00c12ed8bc1ac4105979dc",
        ["account_recouvrement"],
    ),
    # 19.0.2.0.0 and 19.0.2.1.0, development steps of the split, are not
    # upgraded directly any more (README, "Upgrading in place"): through
    # 19.0.2.2.0
    # the payment plans out of the core
    "19.0.2.2.0": (
        "edaac7440775118c0cdec53524c505bc825c7a67",
        [
            "account_recouvrement",
            "account_recouvrement_base",
            "account_recouvrement_payment_plan",
            "account_recouvrement_factoring",
            "account_recouvrement_receivables",
        ],
    ),
    # 19.0.2.3.0 (the disputes and insolvency proceedings out of the core)
    # was upgraded by the previous version of this test
    # the core's large models split into abstract models: the previous main
    "19.0.2.4.0": (
        "60f7781692f6df089ac8ae0b4d2aa5878545846a",
        [
            "account_recouvrement",
            "account_recouvrement_base",
            "account_recouvrement_dispute",
            "account_recouvrement_payment_plan",
            "account_recouvrement_factoring",
            "account_recouvrement_receivables",
        ],
    ),
}
#: the version of the installer in this checkout
INSTALLER_VERSION = ast.literal_eval(
    (ROOT / "account_recouvrement" / "__manifest__.py").read_text()
)["version"]
#: the addons of the suite this checkout installs
SUITE = [
    "account_recouvrement_base",
    "account_recouvrement_dispute",
    "account_recouvrement_payment_plan",
    "account_recouvrement_factoring",
    "account_recouvrement_litigation",
    "account_recouvrement_receivables",
    "account_recouvrement",
]

FRENCH_MAIN_COMPANY = """
company = env.ref("base.main_company")
if company.chart_template != "fr":
    env["account.chart.template"].try_loading("fr", company, install_demo=True)
company.partner_id.write({
    "street": "12 rue de la République", "zip": "69002", "city": "Lyon",
    "state_id": False, "country_id": env.ref("base.fr").id,
})
env.cr.commit()
"""

RENDER_REMINDER = """
import json
comm = env["recouvrement.communication"].search([("line_ids", "!=", False)], limit=1)
template = comm.level_id.mail_template_id or env.ref(
    "account_recouvrement_base.mail_template_recouvrement")
body = template._render_field("body_html", comm.ids)[comm.id]
print("RESULT " + json.dumps({
    "template": template.get_external_id()[template.id],
    "alias": env.ref("account_recouvrement.mail_template_recouvrement") == template,
    "stored_calls": "account_recouvrement.mail_body_recouvrement"
        in (template.with_context(lang="en_US").body_html or ""),
    "invoices": comm.line_ids.move_id.mapped("name"),
    "body": str(body),
    "signed": {
        f"{xmlid} {lang}": "object.signatory_name"
            in (env.ref(xmlid).with_context(lang=lang).body_html or "")
        for xmlid in (
            "account_recouvrement_payment_plan.mail_template_plan_notice",
            "account_recouvrement_dispute.mail_template_dispute_outcome",
        )
        for lang in ("en_US", "fr_FR")
    },
    "unregistered": sorted(
        name for name in env.registry
        if name.startswith("recouvrement.")
        and not env["ir.model"].search_count([("model", "=", name)])
    ),
    "forms": {
        model: env[model].with_context(lang="en_US").get_view(view_type="form")["arch"]
        for model in ("account.move", "res.partner", "recouvrement.communication")
    },
}))
"""
#: the buttons of the forms that the feature addons add to the core's views:
#: each one shown once (an earlier core stored them in its own views)
FORM_BUTTONS = {
    "account.move": [
        "action_recouvrement_view_plans",
        "action_recouvrement_create_plan",
        "action_recouvrement_view_disputes",
        "action_recouvrement_open_dispute",
        "action_recouvrement_open_case",
        "action_recouvrement_view_cases",
        "action_recouvrement_view_doubtful_entries",
        "action_recouvrement_apply_doubtful_payment",
    ],
    "res.partner": [
        "action_recouvrement_view_plans",
        "action_recouvrement_print_claim",
    ],
    "recouvrement.communication": ["action_open_dispute"],
}


def _conf():
    if not CONF.is_file():
        pytest.skip("needs .run/odoo.conf: run it through bash scripts/test")
    parser = configparser.ConfigParser()
    parser.read(CONF)
    return parser["options"]


def _odoo(conf_path, *args, stdin=None):
    command = ["-c", str(conf_path), *args]
    if args[0] in ("db", "shell"):  # subcommands take their options after them
        command = [args[0], "-c", str(conf_path), *args[1:]]
    result = subprocess.run(
        [sys.executable, "-m", "odoo", *command],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result.stdout


def _connect(options, db):
    return psycopg2.connect(
        dbname=db,
        host=options.get("db_host"),
        port=options.get("db_port"),
        user=options.get("db_user"),
        password=options.get("db_password") or None,
    )


def _snapshot(options, db):
    """What the database holds of the suite: rows of its tables, the records its
    external ids name, its SQL constraints, the modules' states."""
    with _connect(options, db) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
            "AND (table_name LIKE 'recouvrement%%' OR table_name = 'account_move')"
        )
        rows = {}
        tables = [table for (table,) in cr.fetchall()]
        for table in tables:
            cr.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'id'",
                (table,),
            )
            # a relation table has no id: its rows are the pairs
            key = "id::text" if cr.rowcount else "t::text"
            cr.execute(
                f"SELECT count(*), md5(string_agg({key}, ',' ORDER BY {key})) "
                f'FROM "{table}" t'  # noqa: S608
            )
            rows[table] = cr.fetchone()
        cr.execute(
            "SELECT module, name, model, res_id FROM ir_model_data "
            "WHERE module LIKE 'account\\_recouvrement%%' AND model NOT IN %s",
            (SCHEMA_MODELS,),
        )
        xmlids = cr.fetchall()
        cr.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE 'recouvrement%%' "
            "OR conname LIKE 'res_partner_contract%%' "
            "OR conname LIKE 'res_company_prescription%%'"
        )
        constraints = set(cr.fetchall())
        cr.execute(
            "SELECT name, state, latest_version FROM ir_module_module "
            "WHERE name LIKE 'account\\_recouvrement%%'"
        )
        modules = {name: (state, version) for name, state, version in cr.fetchall()}
        cr.execute(
            "SELECT count(*) FROM ir_model_inherit "
            "WHERE model_id IS NULL OR parent_id IS NULL"
        )
        (dangling,) = cr.fetchone()
    return {
        "dangling_inherits": dangling,
        "rows": rows,
        "xmlids": xmlids,
        "constraints": constraints,
        "modules": modules,
    }


@pytest.fixture(scope="module", params=sorted(OLD_VERSIONS))
def upgraded(request, tmp_path_factory):
    options = _conf()
    version = request.param
    old_ref, old_addons_names = OLD_VERSIONS[version]
    db = "recouvrement_upgrade_" + version.replace(".", "_")
    work = tmp_path_factory.mktemp("upgrade")
    archive = subprocess.run(
        ["git", "archive", "--format=tar", old_ref, *old_addons_names],
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    assert archive.returncode == 0, (
        f"the old version ({old_ref}) is not in this clone's history: "
        + archive.stderr.decode()
    )
    old_addons = work / "old"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(old_addons, filter="data")
    odoo_addons = [p for p in options["addons_path"].split(",") if p != str(ROOT)]
    old_conf = work / "old.conf"
    parser = configparser.ConfigParser()
    parser.read(CONF)
    parser["options"]["addons_path"] = ",".join([str(old_addons), *odoo_addons])
    with open(old_conf, "w", encoding="utf-8") as out:
        parser.write(out)

    _odoo(old_conf, "db", "init", db, "--force", "--country", "FR", "--with-demo",
          "--language", "fr_FR")  # fmt: skip
    _odoo(old_conf, "-d", db, "-i", "l10n_fr_account", "--stop-after-init", "--no-http")
    _odoo(old_conf, "shell", "-d", db, "--no-http", stdin=FRENCH_MAIN_COMPANY)
    _odoo(old_conf, "-d", db, "-i", "account_recouvrement", "--stop-after-init",
          "--no-http")  # fmt: skip
    before = _snapshot(options, db)
    log = work / "upgrade.log"
    _odoo(CONF, "-d", db, "-u", "account_recouvrement", "--stop-after-init",
          "--no-http", "--logfile", str(log))  # fmt: skip
    after = _snapshot(options, db)
    out = _odoo(CONF, "shell", "-d", db, "--no-http", stdin=RENDER_REMINDER)
    (line,) = [line for line in out.splitlines() if line.startswith("RESULT ")]
    yield {
        "version": version,
        "before": before,
        "after": after,
        "render": json.loads(line[len("RESULT ") :]),
        "log": log.read_text(encoding="utf-8"),
    }
    if not os.environ.get("RECOUVREMENT_KEEP_UPGRADE_DB"):
        _odoo(CONF, "db", "drop", db)


def test_old_database_holds_the_suite(upgraded):
    before = upgraded["before"]
    assert before["modules"]["account_recouvrement"] == (
        "installed",
        upgraded["version"],
    )
    # the demo holds records of every feature (its own test says so)
    for table in (
        "recouvrement_policy",
        "recouvrement_level",
        "recouvrement_communication",
        "recouvrement_communication_line",
        "recouvrement_charge",
        "recouvrement_exclusion",
        "recouvrement_dispute",
        "recouvrement_plan",
        "recouvrement_plan_line",
        "recouvrement_case",
        "recouvrement_factor_contract",
        "recouvrement_factor_batch",
        "recouvrement_letter_batch",
        "recouvrement_run_log",
    ):
        assert before["rows"][table][0], f"{table} is empty in the old database"


def test_every_addon_installed(upgraded):
    modules = upgraded["after"]["modules"]
    assert modules["account_recouvrement"] == ("installed", INSTALLER_VERSION)
    for addon in SUITE:
        assert modules[addon][0] == "installed", addon


def test_every_model_registered(upgraded):
    """Each model of the suite has its row, those the update of the installer
    alone brings in the core included (the abstract models its large models
    are split into), and every inheritance row names its two models."""
    assert upgraded["render"]["unregistered"] == []
    assert upgraded["after"]["dangling_inherits"] == 0


def test_no_row_lost(upgraded):
    before, after = upgraded["before"]["rows"], upgraded["after"]["rows"]
    assert set(before) <= set(after)
    changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    # the transient wizards' rows are Odoo's to vacuum; everything else stays
    assert not {t: c for t, c in changed.items() if not t.endswith("_wizard")}


def test_former_xmlids_name_the_same_records(upgraded):
    # the names the addons of the suite held (19.0.2.0.0: the aliases of the
    # installer and the core's ids, the same names)
    before = {
        name: (model, res_id)
        for module, name, model, res_id in upgraded["before"]["xmlids"]
    }
    after = {}
    for module, name, model, res_id in upgraded["after"]["xmlids"]:
        after.setdefault(name, {})[module] = (model, res_id)
    # the renamed report templates are new records
    legacy = set(legacy_xmlids())
    for name, record in before.items():
        if name in RENAMED_XMLIDS:
            continue
        holders = after.get(name, {})
        # kept as an alias under the former addon (the data's ids; the
        # demo's customers move without one) ...
        if name in legacy:
            assert holders.get("account_recouvrement") == record, name
        # ... and declared by exactly one addon of the suite
        owners = [m for m in holders if m != "account_recouvrement"]
        assert len(owners) == 1, (name, holders)
        assert holders[owners[0]] == record, (name, holders)


def test_sql_constraints_kept(upgraded):
    assert upgraded["before"]["constraints"] <= upgraded["after"]["constraints"]


def test_no_record_deleted_by_the_update(upgraded):
    """The update deletes no record but the schema's bookkeeping rows of the
    former addon (its constraints' and inheritances' rows: the new addons
    have their own, the SQL constraints stay, see above) and the old views of
    the three renamed report templates."""
    deleted = [
        line
        for line in upgraded["log"].splitlines()
        if "Deleting " in line
        and not any(f"@{model} (" in line for model in SCHEMA_MODELS)
        and "report_recouvrement_" not in line
    ]
    assert not deleted, deleted


def test_stored_reminder_template_still_renders(upgraded):
    render = upgraded["render"]
    assert render["template"] in {
        "account_recouvrement_base.mail_template_recouvrement",
        "account_recouvrement.mail_template_recouvrement",
    }
    assert render["alias"]
    # the body stored by 19.0.1.4.0 (noupdate) calls the view by its former id
    # (19.0.2.0.0 stored it with the core's)
    assert render["stored_calls"] == (upgraded["version"] == "19.0.1.4.0")
    assert render["invoices"]
    for name in render["invoices"]:
        assert name in render["body"]


def test_forms_show_each_button_once(upgraded):
    forms = upgraded["render"]["forms"]
    for model, buttons in FORM_BUTTONS.items():
        for button in buttons:
            assert forms[model].count(f'name="{button}"') == 1, (model, button)
    # the reminder's "Payment plan" button (the plan wizard's action)
    assert forms["recouvrement.communication"].count('string="Payment plan"') == 1
    # the case wizard's buttons, the litigation addon's now
    assert forms["res.partner"].count('string="Open a litigation case"') == 1
    assert forms["recouvrement.communication"].count('string="Pass to litigation"') == 1
    assert forms["account.move"].count('name="recouvrement_doubtful"') == 1


def test_plan_and_dispute_emails_signed_anew(upgraded):
    """The stored (noupdate) bodies of the plans' and disputes' emails get
    the new signature line, in English and in French (the installer's
    19.0.2.2.0 migration)."""
    assert all(upgraded["render"]["signed"].values()), upgraded["render"]["signed"]
