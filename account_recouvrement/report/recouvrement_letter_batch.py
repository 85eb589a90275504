from odoo import api, models


class RecouvrementLetterBatchReport(models.AbstractModel):
    """A day's print: the letters of the print, each with its figures and
    sentences as the single letter has them."""

    _name = "report.account_recouvrement.report_recouvrement_letter_batch"
    _description = "Dunning Letters Print"

    @api.model
    def _get_report_values(self, docids, data=None):
        batches = self.env["recouvrement.letter.batch"].browse(docids)
        letter_docs = {batch.id: batch._sorted_communications() for batch in batches}
        communications = self.env["recouvrement.communication"].union(
            *letter_docs.values()
        )
        letters = self.env[
            "report.account_recouvrement.report_recouvrement_letter"
        ]._get_report_values(communications.ids, data)["letters"]
        return {
            "doc_ids": docids,
            "doc_model": batches._name,
            "docs": batches,
            "data": data,
            "letter_docs": letter_docs,
            "letters": letters,
        }
