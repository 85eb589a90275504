from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, success_emails=None, failure_reason=False, failure_type=None
    ):
        """A reminder email that fails in the mail queue puts its
        communication in error, with the reason."""
        if failure_type:
            comms = (
                self.env["recouvrement.communication"]
                .sudo()
                .search([("mail_id", "in", self.ids)])
            )
            comms.write(
                {
                    "state": "error",
                    "error_message": failure_reason or failure_type,
                }
            )
        return super()._postprocess_sent_message(
            success_pids,
            success_emails=success_emails,
            failure_reason=failure_reason,
            failure_type=failure_type,
        )
