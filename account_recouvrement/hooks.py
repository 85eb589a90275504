# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The former external ids of ``account_recouvrement``, kept as aliases.

Up to 19.0.1.4.0 every record of the suite had an external id in this addon
(``account_recouvrement.policy_default_fr``, ...); they now belong to the addon
that declares the record (``account_recouvrement_base.policy_default_fr``).
Email templates, customised views, other addons and scripts of an existing
database still name the old ids: each one is kept as a second external id of
the same record (``noupdate``, so that no update removes it). Odoo leaves a
record that another addon still holds when this one is uninstalled.
Models, fields and other schema rows get no alias: Odoo names them itself.
"""

import logging

from odoo.tools import SQL, file_open

_logger = logging.getLogger(__name__)

MODULE = "account_recouvrement"
LEGACY_XMLIDS = "account_recouvrement/data/legacy_xmlids.txt"
#: former report templates given a shorter name in 19.0.2.0.0 (their render
#: models' tables, report_<addon>_<template>, would pass PostgreSQL's 63
#: characters): no alias, their old views are deleted by the update
RENAMED_XMLIDS = frozenset(
    {
        "report_recouvrement_letter_batch",
        "report_recouvrement_plan_breach",
        "report_recouvrement_plan_proposal",
    }
)


def legacy_xmlids():
    """The names of the external ids that 19.0.1.4.0 declared in this addon."""
    with file_open(LEGACY_XMLIDS) as names:
        return sorted(
            {line.strip() for line in names if line.strip() and line[0] != "#"}
        )


def keep_legacy_xmlids(env):
    """Give every former external id of this addon back to its record, as an
    alias of the id the record now has in another addon of the suite.
    Returns the number of aliases made."""
    env.cr.execute(
        SQL(
            """
            INSERT INTO ir_model_data
                   (module, name, model, res_id, noupdate,
                    create_uid, write_uid, create_date, write_date)
            SELECT DISTINCT ON (imd.name)
                   %(module)s, imd.name, imd.model, imd.res_id, TRUE,
                   %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM ir_model_data imd
             WHERE imd.module LIKE %(prefix)s
               AND imd.module != %(module)s
               AND imd.name = ANY(%(names)s)
               AND NOT EXISTS (
                    SELECT 1 FROM ir_model_data own
                     WHERE own.module = %(module)s AND own.name = imd.name)
          ORDER BY imd.name, imd.id
            """,
            module=MODULE,
            prefix=MODULE.replace("_", r"\_") + r"\_%",
            names=legacy_xmlids(),
            uid=env.uid,
        )
    )
    made = env.cr.rowcount
    if made:
        _logger.info("%s: %d former external ids kept as aliases", MODULE, made)
    env.registry.clear_cache()
    return made


def post_init_hook(env):
    keep_legacy_xmlids(env)
