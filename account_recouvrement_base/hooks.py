# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Install hooks shared by the addons of the suite.

Up to 19.0.1.4.0 the whole suite was one addon, ``account_recouvrement``;
from 19.0.2.0.0 that name is the addon that installs the suite, and the
records live in the addon that declares them. A database made by an earlier
version upgrades in place (``-u account_recouvrement``): Odoo installs the new
addons first, and each one, before its data is loaded, takes over the external
ids of the records it declares from the addon that held them. Its data files
then update those records instead of creating them again, and nothing is
deleted at the end of the update. Models and fields need no such step: Odoo
finds their rows by name and gives them the new addon's external ids itself.

Odoo loads a new addon's data as new, overwriting even ``noupdate`` records:
the rows of the taken-over ``noupdate`` records (what the user may have
changed: the policy, the templates, the crons) are kept before and put back
after (``post_init_hook``).

``take_over_xmlids``, ``_snapshot_noupdate_records`` and
``restore_noupdate_records`` are meant for every later addon of the suite that
takes records over from another one: call them from that addon's hooks.
"""

import csv
import json
import logging
import os

from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tools import SQL
from odoo.tools.convert import convert_file

_logger = logging.getLogger(__name__)

#: the addon that installs the whole suite (and, up to 19.0.1.4.0, held it all)
UMBRELLA = "account_recouvrement"
#: the core of the suite
CORE = "account_recouvrement_base"
#: the views set aside during an update (``set_aside_suite_views``): a
#: system parameter, {addon: [view ids]}
SET_ASIDE_PARAM = "account_recouvrement_base.views_set_aside"
#: every addon of the suite is named with this prefix
SUITE_PREFIX = "account_recouvrement"
#: tags whose ``id`` attribute declares an external id
XML_ID_TAGS = ("record", "template", "menuitem", "asset")
#: external ids Odoo gives, besides the declared one, to the parent record of a
#: record declared in data (``_inherits``: a cron's server action, a product's
#: template)
IMPLICIT_SUFFIXES = ("_ir_actions_server", "_product_template")
#: the rows Odoo names itself, never taken over by hand
SCHEMA_MODELS = (
    "ir.model",
    "ir.model.fields",
    "ir.model.fields.selection",
    "ir.model.constraint",
    "ir.model.relation",
    "ir.model.inherit",
)


def declared_xmlids(module):
    """The names of the external ids that ``module``'s data and demo files
    declare in its own namespace (XML records, templates and menus, and the
    ``id`` column of its CSV files)."""
    manifest = get_manifest(module)
    names = set()
    for path in manifest.get("data", []) + manifest.get("demo", []):
        full = os.path.join(manifest.path, path)
        if path.endswith(".xml"):
            for node in etree.parse(full).iter(*XML_ID_TAGS):
                xmlid = node.get("id")
                if xmlid:
                    names.add(xmlid)
        elif path.endswith(".csv"):
            with open(full, encoding="utf-8") as csv_file:
                names.update(row["id"] for row in csv.DictReader(csv_file))
    own = {name.split(".", 1)[1] for name in names if name.startswith(module + ".")}
    names = {name for name in names if "." not in name} | own
    return names | {name + suffix for name in names for suffix in IMPLICIT_SUFFIXES}


SNAPSHOT_TABLE = "recouvrement_takeover_snapshot"


def _snapshot_noupdate_records(env, module):
    """Keep the rows of the ``noupdate`` records ``module`` has taken over.

    Odoo loads the data of an addon it installs as new, overwriting even the
    records marked ``noupdate`` (the policy, its levels, the email templates,
    the crons a user has adjusted): for an addon that takes over existing
    records, that would undo the user's changes. Their rows are kept here
    before the data loads, and put back by ``restore_noupdate_records``."""
    env.cr.execute(
        SQL(
            """
            CREATE TABLE IF NOT EXISTS %(table)s (
                module varchar, model varchar, res_id integer, row jsonb)
            """,
            table=SQL.identifier(SNAPSHOT_TABLE),
        )
    )
    env.cr.execute(
        "SELECT model, array_agg(res_id) FROM ir_model_data "
        "WHERE module = %s AND noupdate AND res_id IS NOT NULL "
        "AND model NOT IN %s GROUP BY model",
        (module, SCHEMA_MODELS),
    )
    for model, ids in env.cr.fetchall():
        table = env[model]._table if model in env else model.replace(".", "_")
        env.cr.execute(
            SQL(
                """
                INSERT INTO %(snapshot)s (module, model, res_id, row)
                SELECT %(module)s, %(model)s, t.id, to_jsonb(t)
                  FROM %(table)s t WHERE t.id = ANY(%(ids)s)
                """,
                snapshot=SQL.identifier(SNAPSHOT_TABLE),
                module=module,
                model=model,
                table=SQL.identifier(table),
                ids=ids,
            )
        )


def restore_noupdate_records(env, module):
    """Put back the rows kept by ``_snapshot_noupdate_records`` (the columns
    they had; a column the new version adds keeps its new value). Called
    from the taking addon's ``post_init_hook``."""
    env.cr.execute("SELECT to_regclass(%s)", (SNAPSHOT_TABLE,))
    if not env.cr.fetchone()[0]:
        return 0
    env.cr.execute(
        SQL(
            "SELECT DISTINCT model FROM %(snapshot)s WHERE module = %(module)s",
            snapshot=SQL.identifier(SNAPSHOT_TABLE),
            module=module,
        )
    )
    restored = 0
    for (model,) in env.cr.fetchall():
        # a record of a later addon's model the core took with the former
        # addon's ids (the demo's factoring contract): its table is there
        table = env[model]._table if model in env else model.replace(".", "_")
        env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s "
            "AND column_name != 'id'",
            (table,),
        )
        columns = [SQL.identifier(name) for (name,) in env.cr.fetchall()]
        env.cr.execute(
            SQL(
                """
                UPDATE %(table)s t
                   SET (%(columns)s) = (
                        SELECT %(kept)s FROM jsonb_populate_record(t, s.row) r)
                  FROM %(snapshot)s s
                 WHERE s.module = %(module)s AND s.model = %(model)s
                   AND s.res_id = t.id
                """,
                table=SQL.identifier(table),
                columns=SQL(", ").join(columns),
                kept=SQL(", ").join(SQL("r.%s", c) for c in columns),
                snapshot=SQL.identifier(SNAPSHOT_TABLE),
                module=module,
                model=model,
            )
        )
        restored += env.cr.rowcount
    env.cr.execute(
        SQL(
            "DELETE FROM %(snapshot)s WHERE module = %(module)s",
            snapshot=SQL.identifier(SNAPSHOT_TABLE),
            module=module,
        )
    )
    env.cr.execute(SQL("SELECT 1 FROM %s LIMIT 1", SQL.identifier(SNAPSHOT_TABLE)))
    if not env.cr.rowcount:
        env.cr.execute(SQL("DROP TABLE %s", SQL.identifier(SNAPSHOT_TABLE)))
    env.invalidate_all()
    env.registry.clear_cache()
    if restored:
        _logger.info("%s: %d records kept as they were", module, restored)
    return restored


def take_over_xmlids(env, module, extra=()):
    """Give ``module`` the external ids of the records it declares that another
    addon of the suite holds (an earlier version that declared them there),
    and the ``extra`` names (external ids its code gives, such as the demo's).

    When two addons hold the same name (the installing addon keeps an alias
    of every former ``account_recouvrement`` id), the one that is not the
    alias moves and the alias stays. Returns the number of ids moved."""
    names = sorted(declared_xmlids(module) | set(extra))
    if not names:
        return 0
    env.cr.execute(
        SQL(
            """
            UPDATE ir_model_data imd
               SET module = %(module)s
              FROM (
                    SELECT DISTINCT ON (name) id
                      FROM ir_model_data
                     WHERE module LIKE %(prefix)s
                       AND module != %(module)s
                       AND name = ANY(%(names)s)
                       AND NOT EXISTS (
                            SELECT 1 FROM ir_model_data own
                             WHERE own.module = %(module)s
                               AND own.name = ir_model_data.name)
                  ORDER BY name, module = %(umbrella)s, id
                   ) moved
             WHERE imd.id = moved.id
            """,
            module=module,
            prefix=SUITE_PREFIX.replace("_", r"\_") + "%",
            names=names,
            umbrella=UMBRELLA,
        )
    )
    moved = env.cr.rowcount
    if moved:
        _logger.info("%s: took over %d external ids of the suite", module, moved)
    return moved


def take_over_legacy_xmlids(env, module):
    """On a database where ``account_recouvrement`` 19.0.1.x is installed
    (the whole suite in one addon), give ``module`` every external id that
    addon still holds but for the schema's: the records its code made too
    (the demo's customers). The core does this first; the addons installed
    after it in the same update take their records from it."""
    env.cr.execute(
        "SELECT latest_version FROM ir_module_module WHERE name = %s "
        "AND state IN ('installed', 'to upgrade')",
        (UMBRELLA,),
    )
    row = env.cr.fetchone()
    if not row or not row[0] or _version(row[0]) >= (19, 0, 2):
        return 0
    # the records another addon of the suite declares stay where they are until
    # that addon takes them: a view of factoring held by the core would be
    # checked with the core's code alone, before factoring's fields exist
    others = set()
    for addon in get_manifest(UMBRELLA).get("depends", ()):
        if addon.startswith(SUITE_PREFIX) and addon != module:
            others |= declared_xmlids(addon)
    env.cr.execute(
        SQL(
            """
            UPDATE ir_model_data imd
               SET module = %(module)s
             WHERE module = %(umbrella)s
               AND model NOT IN %(schema)s
               AND name != ALL(%(others)s)
               AND NOT EXISTS (
                    SELECT 1 FROM ir_model_data own
                     WHERE own.module = %(module)s AND own.name = imd.name)
            """,
            module=module,
            umbrella=UMBRELLA,
            schema=SCHEMA_MODELS,
            others=sorted(others),
        )
    )
    return env.cr.rowcount


def _version(version):
    return tuple(int(part) for part in version.split(".")[:3] if part.isdigit())


def _view_files(module):
    manifest = get_manifest(module)
    return [
        path
        for path in manifest.get("data", [])
        if path.startswith("views/") or path.endswith("_views.xml")
    ]


def refresh_suite_views(env, modules):
    """Load the views of ``modules`` (installed addons of the suite that the
    update does not load: ``-u account_recouvrement`` updates that addon
    alone) again from their files, in the order given: after an addon of
    the suite took over what another one showed, the views the others
    stored still anchor their buttons on what it showed then. Each file is
    loaded in update mode; the view files have no ``noupdate`` record."""
    env.cr.execute(
        "SELECT name FROM ir_module_module "
        "WHERE name = ANY(%s) AND state = 'installed'",
        (list(modules),),
    )
    installed = {name for (name,) in env.cr.fetchall()}
    for module in modules:
        if module in installed:
            for path in _view_files(module):
                convert_file(env, module, path, {}, mode="update")


def refresh_core_views(env):
    """Load the core's views again from its files.

    ``-u account_recouvrement`` updates that addon alone: the core, one of its
    dependencies, keeps the views an earlier version stored, which may still
    show what a feature addon now adds itself (the payment plan's buttons on
    the invoice): the addon would add them a second time. Called before that
    addon's data loads, when it takes records over from the core, once the
    other addons' views on the core's are set aside
    (``set_aside_suite_views``); the view files have no ``noupdate`` record."""
    for path in _view_files(CORE):
        convert_file(env, CORE, path, {}, mode="update")


def set_aside_suite_views(env, module):
    """Deactivate the views that the installed addons of the suite (but the
    core and ``module``) stored on the core's views, and remember them.

    An earlier version of those addons anchored them on what the core showed
    then (a dispute's button, a case's field); once the core's views are
    loaded again without it, and until the addon that now shows it is
    installed, they would no longer apply, and every view loaded meanwhile
    would be refused. ``restore_suite_views`` puts them back, loaded from
    their files, once the update installed the new addons."""
    env.cr.execute(
        SQL(
            """
            SELECT DISTINCT view.id, imd.module
              FROM ir_ui_view view
              JOIN ir_model_data imd
                ON imd.model = 'ir.ui.view' AND imd.res_id = view.id
              JOIN ir_model_data parent
                ON parent.model = 'ir.ui.view' AND parent.res_id = view.inherit_id
              JOIN ir_module_module addon
                ON addon.name = imd.module AND addon.state = 'installed'
             WHERE view.active
               AND parent.module = %(core)s
               AND imd.module LIKE %(prefix)s
               AND imd.module NOT IN %(skip)s
            """,
            core=CORE,
            prefix=SUITE_PREFIX.replace("_", r"\_") + r"\_%",
            skip=(CORE, UMBRELLA, module),
        )
    )
    rows = env.cr.fetchall()
    if not rows:
        return 0
    env.cr.execute(
        "UPDATE ir_ui_view SET active = FALSE WHERE id = ANY(%s)",
        [[view_id for view_id, _module in rows]],
    )
    env["ir.ui.view"].invalidate_model(["active"])
    Param = env["ir.config_parameter"].sudo()
    kept = json.loads(Param.get_param(SET_ASIDE_PARAM) or "{}")
    for view_id, owner in rows:
        kept.setdefault(owner, []).append(view_id)
    Param.set_param(SET_ASIDE_PARAM, json.dumps(kept, sort_keys=True))
    _logger.info("%s: %d views of the suite set aside: %s", module, len(rows), kept)
    return len(rows)


def restore_suite_views(env):
    """Put back the views ``set_aside_suite_views`` set aside, addon by addon:
    its views active again, then loaded from its files (anchored on the
    core's own elements). Waits while another addon of the suite is to be
    installed by the same update (its own ``post_init_hook`` does it, or the
    installer's migration). Returns the addons whose views came back."""
    env.cr.execute(
        "SELECT count(*) FROM ir_module_module "
        "WHERE name LIKE %s AND state = 'to install'",
        (SUITE_PREFIX + "%",),
    )
    # the addon whose post_init_hook calls this is still "to install"
    if env.cr.fetchone()[0] > 1:
        return []
    Param = env["ir.config_parameter"].sudo()
    kept = json.loads(Param.get_param(SET_ASIDE_PARAM) or "{}")
    for owner in sorted(kept):
        env.cr.execute(
            "UPDATE ir_ui_view SET active = TRUE WHERE id = ANY(%s)", [kept[owner]]
        )
        env["ir.ui.view"].invalidate_model(["active"])
        refresh_suite_views(env, [owner])
    if kept:
        Param.set_param(SET_ASIDE_PARAM, False)
        _logger.info("views of the suite put back: %s", sorted(kept))
    return sorted(kept)


def reflect_new_models(env, modules=None):
    """Register the models an addon of the suite defines that the database
    does not know yet (``modules``: those addons, by default every installed
    one of the suite).

    ``-u account_recouvrement`` updates that addon alone: when a newer version
    of an addon it depends on defines a new model (one of the abstract models
    a large model's code is split into), the addon is not updated and the model
    gets no ``ir.model`` row, while an addon installed or updated by the same
    run reflects its inheritance from it (a row of ``ir.model.inherit``
    pointing at no model). Each such model is initialised as its addon's update
    would (its row, fields, constraints and external id)."""
    if modules is None:
        env.cr.execute(
            "SELECT name FROM ir_module_module "
            "WHERE name LIKE %s AND state IN ('installed', 'to upgrade')",
            (SUITE_PREFIX + "%",),
        )
        modules = [name for (name,) in env.cr.fetchall()]
    env.cr.execute("SELECT model FROM ir_model")
    known = {name for (name,) in env.cr.fetchall()}
    for module in modules:
        names = sorted(
            name
            for name, model in env.registry.items()
            if model._original_module == module and name not in known
        )
        if names:
            _logger.info("%s: registering the new models %s", module, names)
            env.registry.init_models(env.cr, names, {"module": module}, install=False)


def take_over(env, module, extra=()):
    """The ``pre_init_hook`` of an addon that takes records over from another
    addon of the suite (where an earlier version declared them): their
    external ids move to it, and its ``noupdate`` rows are kept for
    ``restore_noupdate_records`` (its ``post_init_hook``). When it takes
    them from the core, the other addons' views on the core's are set aside
    (``set_aside_suite_views``) and the core's views loaded again
    (``refresh_core_views``) before its data loads; its ``post_init_hook``
    calls ``restore_suite_views``. The models the suite's other addons
    define and the database lacks are registered first
    (``reflect_new_models``): the addon may inherit from them."""
    reflect_new_models(env)
    env.cr.execute(
        "SELECT 1 FROM ir_model_data WHERE module = %s AND name = ANY(%s) LIMIT 1",
        (CORE, sorted(declared_xmlids(module) | set(extra))),
    )
    from_core = bool(env.cr.rowcount)
    take_over_xmlids(env, module, extra)
    if from_core and module != CORE:
        set_aside_suite_views(env, module)
        refresh_core_views(env)
    _snapshot_noupdate_records(env, module)


def finish_take_over(env, module):
    """The ``post_init_hook`` of an addon whose ``pre_init_hook`` is
    ``take_over``: its ``noupdate`` rows put back, then the views of the
    suite set aside (``restore_suite_views``)."""
    restore_noupdate_records(env, module)
    restore_suite_views(env)


def pre_init_hook(env):
    take_over_xmlids(env, "account_recouvrement_base")
    take_over_legacy_xmlids(env, "account_recouvrement_base")
    _snapshot_noupdate_records(env, "account_recouvrement_base")


def post_init_hook(env):
    restore_noupdate_records(env, "account_recouvrement_base")
