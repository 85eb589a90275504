import io
import re
import zipfile

from odoo import fields, models

CASE_FILE_REPORT = (
    "account_recouvrement_litigation.action_report_recouvrement_case_file"
)


class RecouvrementCasePieces(models.AbstractModel):
    """The case file handed to the lawyer or the commissaire de justice: the
    statement, the invoices and the letters sent, as one PDF or a zip."""

    _name = "recouvrement.case.pieces"
    _description = "Litigation Case: File Pieces"

    def _sent_communications(self):
        """The reminders sent to the customer about the case's invoices,
        oldest first."""
        self.ensure_one()
        return (
            self.env["recouvrement.communication"]
            .search(
                [
                    ("line_ids.move_id", "in", self.move_ids.ids),
                    ("state", "=", "sent"),
                ]
            )
            .sorted(lambda comm: (comm.sent_date or fields.Datetime.now(), comm.id))
        )

    def _case_file_pieces(self):
        """The numbered documents of the case file (bordereau de pièces): the
        invoices, the letters sent and their proofs (registered-letter
        receipts and other documents attached to the reminders), then the
        documents attached to the case. Each with its stored attachment when
        Odoo has one."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"]
        report = self.env["report.account_recouvrement_litigation.report_case_file"]
        communications = self._sent_communications()
        comm_attachments = Attachment.search(
            [
                ("res_model", "=", "recouvrement.communication"),
                ("res_id", "in", communications.ids),
            ],
            order="id",
        )
        used = Attachment
        pieces = []
        for move in self.move_ids.sorted(lambda m: (m.invoice_date_due, m.name)):
            # the PDF Odoo archived when the invoice was sent, else the copy
            # attached to a reminder email
            attachment = (
                move.invoice_pdf_report_id
                or comm_attachments.filtered(
                    lambda a, m=move: a.name == f"{m.name.replace('/', '_')}.pdf"
                )[:1]
            )
            used |= attachment
            pieces.append(
                {
                    "label": self.env._("Invoice %(invoice)s", invoice=move.name),
                    "date": move.invoice_date,
                    "attachment": attachment,
                }
            )
        for comm in communications:
            sent_on = report._sent_on(comm)
            if comm.letter_attachment_id:
                used |= comm.letter_attachment_id
                pieces.append(
                    {
                        "label": self.env._(
                            "%(level)s %(reference)s",
                            level=comm.level_id.name,
                            reference=comm.name,
                        ),
                        "date": comm.letter_date or sent_on,
                        "attachment": comm.letter_attachment_id,
                    }
                )
            proofs = comm_attachments.filtered(lambda a, c=comm: a.res_id == c.id)
            for proof in proofs - used:
                used |= proof
                pieces.append(
                    {
                        "label": self.env._(
                            "%(document)s (reminder %(reference)s)",
                            document=proof.name,
                            reference=comm.name,
                        ),
                        "date": (comm.lrar_date_received or sent_on),
                        "attachment": proof,
                    }
                )
        for document in Attachment.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", False),
                ("id", "!=", self.case_file_attachment_id.id),
            ],
            order="id",
        ):
            pieces.append(
                {
                    "label": document.name,
                    "date": fields.Datetime.context_timestamp(
                        self, document.create_date
                    ).date(),
                    "attachment": document,
                }
            )
        for number, piece in enumerate(pieces, start=1):
            piece["number"] = number
        return pieces

    def _render_case_file(self):
        self.ensure_one()
        return self.env["ir.actions.report"]._recouvrement_render_pdf(
            CASE_FILE_REPORT, self
        )

    def action_print_case_file(self):
        return self.env.ref(CASE_FILE_REPORT).report_action(self)

    @staticmethod
    def _zip_name(number, name):
        safe = re.sub(r"[^\w.\- ]+", "_", name or "").strip() or "document"
        return f"{number:02d} - {safe}"

    def action_download_case_file(self):
        """The case file PDF, with the invoices, letters and proofs already
        stored (not rendered again), in one ZIP to hand to the lawyer or the
        commissaire de justice."""
        self.ensure_one()
        buffer = io.BytesIO()
        reference = self.name.replace("/", "-")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                self._zip_name(0, self.env._("Case file %(case)s.pdf", case=reference)),
                self._render_case_file(),
            )
            for piece in self._case_file_pieces():
                attachment = piece["attachment"]
                if attachment:
                    archive.writestr(
                        self._zip_name(piece["number"], attachment.name),
                        attachment.raw,
                    )
        old = self.case_file_attachment_id
        self.case_file_attachment_id = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Case file %(case)s - %(customer)s.zip",
                    case=reference,
                    customer=self.partner_id.name,
                ).replace("/", "-"),
                "type": "binary",
                "raw": buffer.getvalue(),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
                "company_id": self.company_id.id,
            }
        )
        old.unlink()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.case_file_attachment_id.id}?download=true",
            "target": "download",
        }

    def action_apply_proposed_procedure(self):
        for case in self:
            case.procedure = case.proposed_procedure
        return True
