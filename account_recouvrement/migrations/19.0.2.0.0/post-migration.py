# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.2.0.0: the addon became the suite's installer. The addons of the suite
took over the records' external ids when they were installed (their
``pre_init_hook``); the former ids stay as aliases of the same records, so
that what names them (email templates, customised views, scripts) keeps
working."""

from odoo import SUPERUSER_ID, api

from odoo.addons.account_recouvrement.hooks import keep_legacy_xmlids


def migrate(cr, version):
    keep_legacy_xmlids(api.Environment(cr, SUPERUSER_ID, {}))
