from odoo import api, models

from .recouvrement_communication_send import CHANNEL


class RecouvrementLetterBatch(models.Model):
    _inherit = "recouvrement.letter.batch"

    @api.model
    def _print_in_job(self, communications):
        """Render the print in a job when there are jobs: the user finds it
        in Printed letters once done.

        :return: whether it was enqueued"""
        if not self.env["recouvrement.communication.send"]._use_jobs():
            return False
        self.with_delay(
            channel=CHANNEL,
            description=self.env._(
                "Dunning: print %(count)s letters", count=len(communications)
            ),
        )._job_print(communications)
        return True

    @api.model
    def _job_print(self, communications):
        """The job: the same print as the button makes."""
        return self._print(communications)
