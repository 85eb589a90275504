from odoo import api, models


class RecouvrementRun(models.AbstractModel):
    _inherit = "recouvrement.run"

    @api.model
    def _send_automatic(self, company, log, commit=False, date=None):
        """Enqueue the sending by batches instead of sending in the cron."""
        Send = self.env["recouvrement.communication.send"]
        if not Send._use_jobs():
            return super()._send_automatic(company, log, commit=commit, date=date)
        to_send = self.env["recouvrement.communication"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "to_review"),
                ("level_id.review_needed", "=", False),
            ],
            order="id",
        )
        Send._enqueue_send(to_send, log)
        return True
