from odoo import api, models

from odoo.addons.queue_job.job import identity_exact
from odoo.addons.queue_job.utils import must_run_without_delay

CHANNEL = "root.recouvrement"


class RecouvrementCommunicationSend(models.AbstractModel):
    _inherit = "recouvrement.communication.send"

    @api.model
    def _use_jobs(self):
        """Jobs, unless queue_job is told to run them at once (its
        ``queue_job__no_delay`` context key or ``QUEUE_JOB__NO_DELAY``
        environment variable): then the sending stays as without this addon,
        batches and time budget included."""
        return not must_run_without_delay(self.env)

    @api.model
    def _enqueue_send(self, communications, log=None):
        """One job per batch on the ``root.recouvrement`` channel: any worker
        of any server takes them."""
        size = self.env["recouvrement.run"]._send_batch_size()
        for start in range(0, len(communications), size):
            batch = communications[start : start + size]
            self.with_delay(
                channel=CHANNEL,
                description=self.env._(
                    "Dunning: send %(count)s communications (%(first)s…)",
                    count=len(batch),
                    first=batch[0].name,
                ),
                identity_key=identity_exact,
            )._job_send_batch(batch, log)

    @api.model
    def _job_send_batch(self, communications, log=None):
        """The job: send a batch (each communication in its own savepoint,
        locked and skipped when already sent, so that a job run twice sends
        nothing twice), and add it to its run's record."""
        self._send_communications(communications)
        if log:
            log.sudo()._record_sent(communications)
