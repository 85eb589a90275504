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

``take_over_xmlids`` is meant for every later addon of the suite that takes
records over from another one: call it from that addon's ``pre_init_hook``.
"""

import csv
import logging
import os

from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: the addon that installs the whole suite (and, up to 19.0.1.4.0, held it all)
UMBRELLA = "account_recouvrement"
#: every addon of the suite is named with this prefix
SUITE_PREFIX = "account_recouvrement"
#: tags whose ``id`` attribute declares an external id
XML_ID_TAGS = ("record", "template", "menuitem", "asset")
#: external ids Odoo gives, besides the declared one, to the parent record of a
#: record declared in data (``_inherits``: a cron's server action, a product's
#: template)
IMPLICIT_SUFFIXES = ("_ir_actions_server", "_product_template")


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


def take_over_xmlids(env, module):
    """Give ``module`` the external ids of the records it declares that another
    addon of the suite holds (an earlier version that declared them there).

    When two addons hold the same name (the installing addon keeps an alias
    of every former ``account_recouvrement`` id), the one that is not the
    alias moves and the alias stays. Returns the number of ids moved."""
    names = sorted(declared_xmlids(module))
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


def pre_init_hook(env):
    take_over_xmlids(env, "account_recouvrement_base")
