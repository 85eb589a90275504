from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.account_recouvrement_base.tools import lock_or_refuse

from .recouvrement_factor_contract import DOCUMENT_TYPES

BATCH_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accounted", "Accounted"),
    ("cancelled", "Cancelled"),
]


class RecouvrementFactorBatch(models.Model):
    """A remittance batch (bordereau de cession): the invoices and credit
    notes handed over to the factor at once, the file the factor reads, and
    the entry that moves them from the customers' accounts to the factor's."""

    _name = "recouvrement.factor.batch"
    _description = "Factoring Batch"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    contract_id = fields.Many2one(
        comodel_name="recouvrement.factor.contract",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    currency_id = fields.Many2one(
        related="contract_id.currency_id",
        store=True,
        precompute=True,
    )
    factor_partner_id = fields.Many2one(
        related="contract_id.factor_partner_id",
        string="Factor",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The date of the transfer: written in the file and on the entry.",
    )
    move_ids = fields.One2many(
        comodel_name="account.move",
        inverse_name="recouvrement_factor_batch_id",
        string="Documents",
        help="The invoices and credit notes transferred to the factor.",
    )
    move_count = fields.Integer(
        string="Number of documents",
        compute="_compute_amount_total",
        store=True,
    )
    amount_total = fields.Monetary(
        string="Total",
        currency_field="currency_id",
        compute="_compute_amount_total",
        store=True,
        help="The invoices less the credit notes, taxes included.",
    )
    state = fields.Selection(
        selection=BATCH_STATES,
        required=True,
        default="draft",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    file_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Factor's file",
        readonly=True,
        copy=False,
    )
    file_name = fields.Char(
        related="file_attachment_id.name",
        string="File name",
    )
    account_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Transfer entry",
        readonly=True,
        copy=False,
        check_company=True,
    )
    statement_move_ids = fields.One2many(
        comodel_name="account.move",
        compute="_compute_statement_move_ids",
        string="Factor statements",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("move_ids.amount_total_in_currency_signed")
    def _compute_amount_total(self):
        totals = {
            batch.id: (total, count)
            for batch, total, count in self.env["account.move"]._read_group(
                [("recouvrement_factor_batch_id", "in", self.ids)],
                ["recouvrement_factor_batch_id"],
                ["amount_total_in_currency_signed:sum", "__count"],
            )
        }
        for batch in self:
            total, count = totals.get(batch.id, (0.0, 0))
            batch.amount_total = total
            batch.move_count = count

    def _compute_statement_move_ids(self):
        for batch in self:
            batch.statement_move_ids = self.env["account.move"].search(
                [("recouvrement_factor_statement_batch_id", "=", batch.id)]
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_not_in_other_batch(vals.get("move_ids"))
        batches = super().create(vals_list)
        for batch in batches:
            if batch.name == "/":
                batch.name = (
                    self.env["ir.sequence"]
                    .with_company(batch.company_id)
                    .next_by_code("recouvrement.factor.batch")
                    or "/"
                )
        return batches

    def write(self, vals):
        if "move_ids" in vals:
            self._check_state(("draft",))
            self._check_not_in_other_batch(vals["move_ids"])
        if "contract_id" in vals or "date" in vals:
            self._check_state(("draft",))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(batch.state not in ("draft", "cancelled") for batch in self):
            raise UserError(
                self.env._("Only a draft or cancelled factoring batch can be deleted.")
            )

    def _check_not_in_other_batch(self, commands):
        """Linking a document already in another batch would silently move it
        (one batch per document): refuse instead."""
        ids = set()
        for command in commands or ():
            if isinstance(command, (list, tuple)):
                if command[0] == Command.LINK:
                    ids.add(command[1])
                elif command[0] == Command.SET:
                    ids.update(command[2])
            elif isinstance(command, int):
                ids.add(command)
        moves = self.env["account.move"].browse(sorted(ids))
        taken = moves.filtered(
            lambda move: (
                move.recouvrement_factor_batch_id
                and move.recouvrement_factor_batch_id not in self
            )
        )
        if taken:
            raise UserError(
                self.env._(
                    "Already in a factoring batch: %(documents)s.",
                    documents=", ".join(
                        f"{move.name} ({move.recouvrement_factor_batch_id.name})"
                        for move in taken
                    ),
                )
            )

    def _check_state(self, allowed):
        for batch in self:
            if batch.state not in allowed:
                raise UserError(
                    self.env._(
                        "The factoring batch %(batch)s is %(state)s: this is not "
                        "possible any more.",
                        batch=batch.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[batch.state],
                    )
                )

    @api.constrains("move_ids", "contract_id")
    def _check_documents(self):
        for batch in self:
            problems = batch._document_problems(batch.move_ids)
            if problems:
                raise ValidationError(
                    self.env._(
                        "These documents cannot be transferred to %(factor)s:\n"
                        "%(problems)s",
                        factor=batch.contract_id.factor_partner_id.name,
                        problems="\n".join(problems),
                    )
                )

    def _document_problems(self, moves):
        """Why each of ``moves`` may not be in this batch (one line each)."""
        self.ensure_one()
        contract = self.contract_id
        problems = []
        for move in moves:
            reasons = []
            if move.move_type not in DOCUMENT_TYPES:
                reasons.append(self.env._("not a customer invoice or credit note"))
            if move.company_id != contract.company_id:
                reasons.append(
                    self.env._("company %(company)s", company=move.company_id.name)
                )
            if move.currency_id != contract.currency_id:
                reasons.append(
                    self.env._("currency %(currency)s", currency=move.currency_id.name)
                )
            if move.state != "posted":
                reasons.append(self.env._("not posted"))
            elif self.state in ("draft", "sent") and move.payment_state != "not_paid":
                reasons.append(self.env._("already paid or credited in part"))
            if reasons:
                problems.append(f"{move.display_name}: {', '.join(reasons)}")
        return problems

    # ------------------------------------------------------------------
    # Eligible documents
    # ------------------------------------------------------------------

    def _eligible_sql(self, date_to):
        """The ids of the documents this batch may take, in one query (the
        contract's ``_eligible_sql``)."""
        self.ensure_one()
        return self.contract_id._eligible_sql(date_to)

    def action_add_eligible(self, date_to=None):
        """Add every eligible document dated up to ``date_to`` (the batch's
        date by default)."""
        self._check_state(("draft",))
        self.env.flush_all()
        for batch in self:
            # one UPDATE of the documents the query chose (eligible by
            # construction): no write, nor check, per document
            self.env.cr.execute(
                SQL(
                    """UPDATE account_move
                          SET recouvrement_factor_batch_id = %(batch)s,
                              write_uid = %(uid)s,
                              write_date = %(now)s
                        WHERE id IN (%(eligible)s)
                    RETURNING id""",
                    batch=batch.id,
                    uid=self.env.uid,
                    now=self.env.cr.now(),
                    eligible=batch._eligible_sql(date_to or batch.date),
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                continue
            moves = self.env["account.move"].browse(ids)
            moves.invalidate_recordset(
                ["recouvrement_factor_batch_id", "write_uid", "write_date"]
            )
            batch.invalidate_recordset(["move_ids"])
            # still not factored (the batch is a draft): not recomputed and
            # written back a hundred documents at a time
            with self.env.protecting([moves._fields["recouvrement_factored"]], moves):
                moves.modified(["recouvrement_factor_batch_id"])
        return True

    # ------------------------------------------------------------------
    # The factor's file
    # ------------------------------------------------------------------

    def _render_file(self):
        """The factor's file's bytes, or one error listing every faulty
        document (``recouvrement.factor.file``)."""
        return self.env["recouvrement.factor.file"]._render(self)

    def _file_name(self):
        return self.env["recouvrement.factor.file"]._file_name(self)

    def action_generate_file(self):
        """Write the factor's file (one attachment per batch, rewritten with
        the same bytes when the documents did not change); the batch is then
        sent."""
        self._check_state(("draft", "sent"))
        for batch in self:
            raw = batch._render_file()
            values = {
                "name": batch._file_name(),
                "raw": raw,
                "mimetype": "text/plain"
                if batch.contract_id.file_format == "bpce"
                else "text/csv",
            }
            if batch.file_attachment_id:
                batch.file_attachment_id.write(values)
            else:
                batch.file_attachment_id = self.env["ir.attachment"].create(
                    {**values, "res_model": batch._name, "res_id": batch.id}
                )
            if batch.state == "draft":
                batch.state = "sent"
        return True

    def action_download_file(self):
        self.ensure_one()
        if not self.file_attachment_id:
            self.action_generate_file()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.file_attachment_id.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Confirmation: the transfer entry
    # ------------------------------------------------------------------

    def _lock(self, allowed):
        """Two users confirming the same batch: the row lock lets one through;
        the other is told at once, without waiting, and nothing is posted."""
        lock_or_refuse(
            self,
            self.env._(
                "Someone else is confirming this factoring batch: try again "
                "in a moment."
            ),
        )
        self.invalidate_recordset(["state"])
        self._check_state(allowed)

    def action_confirm(self):
        """Book the transfer: debit the factor, credit each customer's
        receivable (credit notes the other way round), reconciled with each
        document, so that the documents are settled for the company and leave
        its dunning."""
        self._lock(("draft", "sent"))
        for batch in self:
            if not batch.move_ids:
                raise UserError(
                    self.env._(
                        "The factoring batch %(batch)s has no documents.",
                        batch=batch.name,
                    )
                )
            batch._check_documents()
            self.env["recouvrement.factor.booking"]._book_transfer(batch)
        return True

    def _create_transfer_entry(self):
        """The transfer entry and its reconciliation plan (document line,
        entry line)."""
        return self.env["recouvrement.factor.booking"]._transfer_entry(self)

    # ------------------------------------------------------------------
    # Cancellation and returns
    # ------------------------------------------------------------------

    def action_cancel(self):
        """Give up a batch not yet booked: its documents are free again."""
        self._lock(("draft", "sent"))
        for batch in self:
            moves = batch.move_ids
            moves.write({"recouvrement_factor_batch_id": False})
            batch.state = "cancelled"
            if moves:
                batch.message_post(
                    body=self.env._(
                        "Cancelled; %(count)s documents released.",
                        count=len(moves),
                    )
                )
        return True

    def action_draft(self):
        self._check_state(("cancelled",))
        self.state = "draft"
        return True

    def _transfer_partials(self, moves):
        """The reconciliations of ``moves`` with this batch's transfer entry."""
        return self.env["recouvrement.factor.booking"]._transfer_partials(self, moves)

    def _record_paid(self, moves, date):
        """The customers paid ``moves`` to the factor on ``date``: the VAT on
        payments of these documents is made due that day."""
        return self.env["recouvrement.factor.booking"]._record_paid(self, moves, date)

    def _return_documents(self, moves, date=None):
        """The factor returns ``moves`` unpaid (recourse)."""
        return self.env["recouvrement.factor.booking"]._return(self, moves, date)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("recouvrement_factor_batch_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_entries(self):
        self.ensure_one()
        moves = self.account_move_id | self.statement_move_ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
            "context": {"create": False},
        }
