# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.2.2.0: the emails of the payment plans and of the disputes are signed
as the reminders, by the company's collection signatory (else the plan's
credit controller, the dispute's owner). Their templates are ``noupdate``:
an upgraded database keeps the bodies it stored. In each language, the
shipped signature line is replaced by the new one; a body whose signature
was customised is left as it is."""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: the templates, by the name of their external id (their addon changed)
TEMPLATES = (
    "mail_template_plan_proposal",
    "mail_template_plan_notice",
    "mail_template_plan_reminder",
    "mail_template_dispute_acknowledgement",
    "mail_template_dispute_outcome",
)
SIGNED = (
    '<t t-if="object.signatory_name"><t t-out="object.signatory_name"/><br/></t>'
    '<t t-if="object.signatory_title"><t t-out="object.signatory_title"/><br/></t>'
    '<t t-out="object.company_id.name"/></p>'
)
#: the former signature line, after the greeting of each language shipped
FORMER = '<t t-out="object.user_id.name"/><br/><t t-out="object.company_id.name"/></p>'
GREETINGS = ("<p>Best regards,<br/>", "<p>Cordialement,<br/>")


def signature_updates(greetings=GREETINGS):
    """(former, new) pairs of the signature line, one per greeting."""
    return [(greeting + FORMER, greeting + SIGNED) for greeting in greetings]


def migrate(cr, version):
    cr.execute(
        """
        SELECT DISTINCT res_id FROM ir_model_data
         WHERE model = 'mail.template' AND name = ANY(%s)
           AND module LIKE 'account\\_recouvrement%%'
        """,
        (list(TEMPLATES),),
    )
    ids = [res_id for (res_id,) in cr.fetchall()]
    if not ids:
        return
    updated = 0
    for former, new in signature_updates():
        # every language of the body (jsonb), where the former line stands
        cr.execute(
            SQL(
                """
                UPDATE mail_template t
                   SET body_html = (
                        SELECT jsonb_object_agg(
                                   lang.key, replace(lang.value, %(former)s, %(new)s))
                          FROM jsonb_each_text(t.body_html) lang)
                 WHERE t.id = ANY(%(ids)s)
                   AND EXISTS (
                        SELECT 1 FROM jsonb_each_text(t.body_html) lang
                         WHERE strpos(lang.value, %(former)s) > 0)
                """,
                former=former,
                new=new,
                ids=ids,
            )
        )
        updated += cr.rowcount
    _logger.info("%d email templates of plans and disputes signed anew", updated)
