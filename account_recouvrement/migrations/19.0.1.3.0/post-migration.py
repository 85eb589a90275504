# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reminder email's content moved from the template's body into the view
``mail_body_recouvrement``, compiled once and cached (a body of its own is
compiled again for every email, a third of the sending time). The template
is ``noupdate``: reload it when its body is still the one shipped with
19.0.1.2.0 (a customised one is left alone: it keeps working, only slower),
dropping its old translations (the view's come with the module's)."""

import hashlib
import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file

_logger = logging.getLogger(__name__)

# sha1 of the shipped 19.0.1.2.0 body (English), whitespace collapsed
SHIPPED_BODY = "b1b7d09f16883a34ba9b61e68d2b62d132426621"


def _fingerprint(body):
    return hashlib.sha1(" ".join(body.split()).encode()).hexdigest()  # noqa: S324


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("account_recouvrement_base.mail_template_recouvrement", False)
    if not template:
        return
    body = template.with_context(lang="en_US").body_html or ""
    if "mail_body_recouvrement" in body:
        return
    if _fingerprint(body) != SHIPPED_BODY:
        _logger.warning(
            "The dunning email template was customised: it is kept. Calling the "
            "view account_recouvrement_base.mail_body_recouvrement from its body, as "
            "the shipped one does, makes the sending faster."
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
