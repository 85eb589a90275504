# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reminder email now carries the letter in its body, and the letter's
PDF is attached only when the level asks for it. The template is
``noupdate``: an upgraded database would keep the old body (the invoices
only) and lose the PDF that stated the rest. Reload the shipped template
when it is still the shipped one (a customised one is left alone, with a
warning), dropping its old translations so that the new ones load."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file

_logger = logging.getLogger(__name__)

OLD_MARKER = "If you have already paid, please disregard this message."


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("account_recouvrement_base.mail_template_recouvrement", False)
    if not template:
        return
    body = template.with_context(lang="en_US").body_html or ""
    if "_get_letter_values" in body:
        return
    if OLD_MARKER not in body:
        _logger.warning(
            "The dunning email template was customised: it is kept. Its body "
            "should show the letter (see data/mail_template_data.xml), since the "
            "letter's PDF is no longer attached unless the level asks for it."
        )
        return
    cr.execute(
        "UPDATE mail_template SET body_html = jsonb_build_object('en_US', "
        "body_html->>'en_US') WHERE id = %s",
        (template.id,),
    )
    template.invalidate_recordset(["body_html"])
    convert_file(
        env,
        "account_recouvrement_base",
        "data/mail_template_data.xml",
        {},
        mode="init",
        noupdate=False,
    )
