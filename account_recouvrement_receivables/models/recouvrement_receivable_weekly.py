# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Weekly email of the outstanding receivables workbook.

A scheduled action sends the dunning managers of each company the workbook of
its receivables on the day, in each recipient's language; a company without
open receivables gets no email.
"""

import logging

from markupsafe import Markup

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class RecouvrementReceivableWeekly(models.AbstractModel):
    """Who gets the weekly receivables workbook and the emails that carry it.
    Part of ``recouvrement.receivable.report``, whose options, totals and
    workbook (``_normalize_options``, ``_get_totals_at``,
    ``_render_workbook``) it uses."""

    _name = "recouvrement.receivable.weekly"
    _description = "Outstanding Receivables Report: Weekly Email"

    @api.model
    def _weekly_recipients(self, company=None):
        """The dunning managers who can receive the weekly email (of
        ``company``, or of any company)."""
        group = self.env.ref("account_recouvrement_base.group_recouvrement_manager")
        return group.sudo().all_user_ids.filtered(
            lambda user: (
                user.active
                and not user.share
                and user.email
                and (company is None or company in user.company_ids)
                and not user._is_superuser()
            )
        )

    @api.model
    def _cron_send_weekly(self):
        """Email the outstanding receivables workbook to the dunning managers
        of each company that has open receivables."""
        companies = self._weekly_recipients().company_ids
        self.env["ir.cron"]._commit_progress(remaining=len(companies))
        for company in companies:
            self._send_weekly(company)
            self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _send_weekly(self, company):
        report = self.sudo().with_company(company)
        users = report._weekly_recipients(company)
        if not users:
            return self.env["mail.mail"]
        options = {"date": fields.Date.context_today(report), "company_id": company.id}
        opts = report._normalize_options(options)
        if not report._get_totals_at(opts, opts["date"])["total"]:
            return self.env["mail.mail"]
        date_str = fields.Date.to_string(opts["date"])
        mails = report.env["mail.mail"]
        for lang in sorted({user.lang or "en_US" for user in users}):
            recipients = users.filtered(
                lambda user, lang=lang: (user.lang or "en_US") == lang
            )
            # the workbook is written in the recipients' language
            report_lang = report.with_context(lang=lang)
            env = report_lang.env
            attachment = report.env["ir.attachment"].create(
                {
                    "name": env._(
                        "receivables-%(company)s-%(date)s.xlsx",
                        company=company.name,
                        date=date_str,
                    ),
                    "raw": report_lang._render_workbook(options),
                    "mimetype": (
                        "application/vnd.openxmlformats-officedocument"
                        ".spreadsheetml.sheet"
                    ),
                }
            )
            mails |= report.env["mail.mail"].create(
                {
                    "subject": env._(
                        "Outstanding receivables of %(company)s on %(date)s",
                        company=company.name,
                        date=date_str,
                    ),
                    "body_html": Markup("<p>%s</p>")
                    % env._(
                        "Please find attached the outstanding receivables and the "
                        "collection indicators."
                    ),
                    "email_from": company.email_formatted
                    or report.env.user.email_formatted,
                    "recipient_ids": [(6, 0, recipients.partner_id.ids)],
                    "attachment_ids": [(4, attachment.id)],
                    "auto_delete": True,
                }
            )
        _logger.info(
            "Weekly receivables of %s emailed to %d managers", company.name, len(users)
        )
        return mails
