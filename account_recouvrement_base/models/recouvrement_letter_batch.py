import io

from PyPDF2 import PdfReader

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date
from odoo.tools.pdf import merge_pdf

BATCH_REPORT = "account_recouvrement_base.action_report_recouvrement_letter_batch"
# letters per wkhtmltopdf run: its time grows faster than the pages beyond a
# thousand or so (1,000 letters in 2.5 min, 8,000 not done after 28 min), so
# a larger print is rendered in parts of this size, merged into one PDF
PRINT_PART = 1000
PRINTABLE_STATES = ("to_review", "sent", "error")
BATCH_KINDS = [
    ("letter", "Letters"),
    ("registered", "Registered letters"),
]


class RecouvrementLetterBatch(models.Model):
    """One print of postal letters: every letter in one PDF, each starting on
    a new page, rendered once and stored once; each communication links to
    the print and to its pages. A print of registered letters ends with the
    list of the letters for the post office."""

    _name = "recouvrement.letter.batch"
    _description = "Print of Dunning Letters"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(
        selection=BATCH_KINDS,
        required=True,
        readonly=True,
    )
    printed_date = fields.Datetime(
        string="Printed on",
        readonly=True,
        default=fields.Datetime.now,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Printed by",
        readonly=True,
        default=lambda self: self.env.user,
    )
    communication_ids = fields.One2many(
        comodel_name="recouvrement.communication",
        inverse_name="letter_batch_id",
        string="Letters",
        readonly=True,
    )
    letter_count = fields.Integer(
        string="Number of letters",
        readonly=True,
    )
    page_count = fields.Integer(
        string="Number of pages",
        readonly=True,
    )
    list_page_from = fields.Integer(
        string="Post office list from page",
        readonly=True,
        help="The first page of the list of registered letters for the post "
        "office, at the end of the print.",
    )
    attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="PDF",
        readonly=True,
        copy=False,
    )

    @api.model
    def _print(self, communications):
        """Print the postal letters of ``communications``: one print for the
        letters, one for the registered letters (with the post office list).

        :return: the prints made
        """
        postal = communications.filtered(
            lambda comm: comm.use_letter or comm.use_registered
        )
        if not postal:
            raise UserError(
                self.env._(
                    "None of these communications goes by post: nothing to print."
                )
            )
        postal._check_state(PRINTABLE_STATES, "print")
        postal._refresh_lines()
        batches = self.browse()
        for company in postal.company_id:
            of_company = postal.filtered(lambda comm, c=company: comm.company_id == c)
            registered = of_company.filtered("use_registered")
            for kind, comms in (
                ("letter", of_company - registered),
                ("registered", registered),
            ):
                if comms:
                    batches |= self._print_one(company, kind, comms)
        return batches

    @api.model
    def _print_one(self, company, kind, communications):
        today = format_date(self.env, fields.Date.context_today(self))
        if kind == "registered":
            name = self.env._("Registered letters of %(date)s", date=today)
        else:
            name = self.env._("Letters of %(date)s", date=today)
        batch = self.create(
            {
                "name": name,
                "company_id": company.id,
                "kind": kind,
                "letter_count": len(communications),
            }
        )
        communications.write({"letter_batch_id": batch.id})
        pdf = batch._render_print()
        batch._split_pages(pdf)
        batch.attachment_id = self.env["ir.attachment"].create(
            {
                "name": f"{name}.pdf".replace("/", "-"),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": batch._name,
                "res_id": batch.id,
                "company_id": company.id,
            }
        )
        communications.write({"letter_printed": True})
        return batch

    def _render_print(self):
        """The print's PDF: one rendering, or, beyond ``PRINT_PART`` letters,
        one per part of that many (the registered letters' list with the last
        one), merged into one document."""
        self.ensure_one()
        report = (
            self.env["ir.actions.report"]
            .with_company(self.company_id)
            .with_context(force_report_rendering=True)
        )
        letters = self._sorted_communications()
        if len(letters) <= PRINT_PART:
            return report._render_qweb_pdf(BATCH_REPORT, self.ids)[0]
        parts = [
            letters[start : start + PRINT_PART]
            for start in range(0, len(letters), PRINT_PART)
        ]
        return merge_pdf(
            [
                report._render_qweb_pdf(
                    BATCH_REPORT,
                    self.ids,
                    data={
                        "communication_ids": part.ids,
                        "with_list": index == len(parts) - 1,
                    },
                )[0]
                for index, part in enumerate(parts)
            ]
        )

    def _split_pages(self, pdf):
        """Write each letter's pages. A letter starts on the page that shows
        its reference (its subject line, on its first page: no other letter
        shows it); the post office list starts on the first page after the
        last letter's start that shows the first letter's reference again.
        (The PDF outline would say it, but the unpatched wkhtmltopdf found
        on most servers writes none.)"""
        self.ensure_one()
        reader = PdfReader(io.BytesIO(pdf))
        texts = ["".join((page.extract_text() or "").split()) for page in reader.pages]
        total = len(texts)
        communications = self._sorted_communications()
        starts = []
        page = 0
        for comm in communications:
            reference = "".join(comm.name.split())
            while page < total and reference not in texts[page]:
                page += 1
            if page == total:
                raise UserError(
                    self.env._(
                        "The letter %(name)s cannot be found in the printed PDF.",
                        name=comm.name,
                    )
                )
            starts.append(page + 1)
            page += 1
        list_from = 0
        if self.kind == "registered":
            first = "".join(communications[0].name.split())
            list_from = next(
                (index + 1 for index in range(page, total) if first in texts[index]),
                0,
            )
        ends = [*starts[1:], list_from or total + 1]
        for comm, first_page, after in zip(communications, starts, ends, strict=True):
            comm.write(
                {
                    "print_page_from": first_page,
                    "print_page_to": max(after - 1, first_page),
                }
            )
        self.write({"page_count": total, "list_page_from": list_from})

    @api.model
    def _print_in_job(self, communications):
        """Whether the print of ``communications`` was handed to a background
        job (account_recouvrement_queue_job does); here it is not."""
        return False

    def _sorted_communications(self):
        self.ensure_one()
        return self.communication_ids.sorted(
            lambda comm: (comm.partner_id.name, comm.id)
        )

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "download",
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Printed letters are kept for the history: they cannot be deleted."
            )
        )
