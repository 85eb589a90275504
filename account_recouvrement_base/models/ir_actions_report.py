# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _recouvrement_render_pdf(self, report_ref, records):
        """The PDF of the report ``report_ref`` (an external id) for
        ``records``, rendered even in tests (Odoo skips PDF rendering there
        unless asked)."""
        pdf, _ = self.with_context(force_report_rendering=True)._render_qweb_pdf(
            self.env.ref(report_ref), records.ids
        )
        return pdf

    def _recouvrement_archive_pdf(self, report_ref, record, name, field=None):
        """Render the report for ``record``, archive the PDF as an attachment
        of ``record`` named ``name`` (and link it in ``field`` of the record
        when given): letters, proposals and notices are kept as they were
        sent. Returns the attachment."""
        record.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": name.replace("/", "-"),
                "type": "binary",
                "raw": self._recouvrement_render_pdf(report_ref, record),
                "mimetype": "application/pdf",
                "res_model": record._name,
                "res_id": record.id,
                "company_id": record.company_id.id,
            }
        )
        if field:
            record[field] = attachment
        return attachment
