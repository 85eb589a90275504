from odoo import api, models


class RecouvrementLetterBatchReport(models.AbstractModel):
    """A day's print: the letters of the print, each with its figures and
    sentences as the single letter has them."""

    _name = "report.account_recouvrement_base.report_letter_batch"
    _description = "Dunning Letters Print"

    @api.model
    def _get_report_values(self, docids, data=None):
        """``data`` may restrict the letters to a part of the print
        (``communication_ids``: a large print is rendered in parts) and say
        whether this part ends with the registered letters' list
        (``with_list``, of every letter of the print)."""
        data = data or {}
        batches = self.env["recouvrement.letter.batch"].browse(docids)
        list_docs = {batch.id: batch._sorted_communications() for batch in batches}
        letter_docs = list_docs
        if data.get("communication_ids") is not None:
            part = set(data["communication_ids"])
            letter_docs = {
                batch_id: docs.filtered(lambda comm: comm.id in part)
                for batch_id, docs in list_docs.items()
            }
        communications = self.env["recouvrement.communication"].union(
            *letter_docs.values()
        )
        letters = self.env[
            "report.account_recouvrement_base.report_recouvrement_letter"
        ]._get_report_values(communications.ids, data)["letters"]
        return {
            "doc_ids": docids,
            "doc_model": batches._name,
            "docs": batches,
            "data": data,
            "letter_docs": letter_docs,
            "list_docs": list_docs if data.get("with_list", True) else {},
            "letters": letters,
        }
