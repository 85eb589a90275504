# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the models of the suite."""

import psycopg2.errors

from odoo.exceptions import UserError
from odoo.tools import SQL


def lock_or_refuse(records, message):
    """Lock the rows of ``records`` for the transaction, or refuse at once
    with ``message`` when another transaction holds one: of two users acting
    on the same records, one goes through and the other is told without
    waiting, nothing written. The caller reads again what it checks."""
    records.env.flush_all()
    try:
        with records.env.cr.savepoint(flush=False):
            records.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                    SQL.identifier(records._table),
                    records.ids,
                )
            )
    except psycopg2.errors.LockNotAvailable:
        raise UserError(message) from None
