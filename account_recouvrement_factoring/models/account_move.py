from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from odoo.addons.account_recouvrement_base.tools import lock_or_refuse


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------
    # Factoring: the batch that transferred the document to the factor
    # ------------------------------------------------------------------

    recouvrement_factor_batch_id = fields.Many2one(
        comodel_name="recouvrement.factor.batch",
        string="Factoring batch",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The batch that hands the document over to the factor.",
    )
    recouvrement_factor_return_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Returned by the factor",
        readonly=True,
        copy=False,
        help="The entry that took the document back from the factor (unpaid, "
        "with recourse): it is dunned by the company again.",
    )
    recouvrement_factor_statement_batch_id = fields.Many2one(
        comodel_name="recouvrement.factor.batch",
        string="Factor statement of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The batch whose financing this entry records.",
    )
    recouvrement_factor_paid_date = fields.Date(
        string="Paid to the factor on",
        readonly=True,
        copy=False,
        help="The day the customer paid the factor, as the factor's statement "
        "says: the VAT on payments of the document is due that day.",
    )
    recouvrement_factored = fields.Boolean(
        string="Factored",
        compute="_compute_recouvrement_factored",
        store=True,
        help="Transferred to the factor, who collects it: out of the company's "
        "dunning.",
    )

    @api.depends(
        "recouvrement_factor_batch_id.state", "recouvrement_factor_return_move_id"
    )
    def _compute_recouvrement_factored(self):
        for move in self:
            move.recouvrement_factored = (
                move.recouvrement_factor_batch_id.state == "accounted"
                and not move.recouvrement_factor_return_move_id
            )

    def _recouvrement_check_collectable(self):
        result = super()._recouvrement_check_collectable()
        self._recouvrement_check_not_factored()
        return result

    def _recouvrement_check_not_factored(self):
        """Refuse the invoices handed over to a factor (in a batch not
        cancelled, not returned): the factor collects them."""
        for move in self:
            batch = move.recouvrement_factor_batch_id
            if (
                batch
                and batch.state != "cancelled"
                and not move.recouvrement_factor_return_move_id
            ):
                raise UserError(
                    self.env._(
                        "%(invoice)s is handed over to the factor (batch "
                        "%(batch)s): the factor collects it.",
                        invoice=move.name,
                        batch=batch.name,
                    )
                )

    recouvrement_factor_banner = fields.Char(
        string="Factoring banner",
        compute="_compute_recouvrement_factor_banner",
    )

    @api.depends(
        "recouvrement_factored",
        "recouvrement_factor_batch_id",
        "recouvrement_factor_paid_date",
    )
    def _compute_recouvrement_factor_banner(self):
        for move in self:
            batch = move.recouvrement_factor_batch_id
            if not move.recouvrement_factored:
                move.recouvrement_factor_banner = False
            elif move.recouvrement_factor_paid_date:
                move.recouvrement_factor_banner = self.env._(
                    "Transferred to the factor %(factor)s (batch %(batch)s of "
                    "%(date)s); the customer paid the factor on %(paid)s.",
                    factor=batch.contract_id.factor_partner_id.name,
                    batch=batch.name,
                    date=format_date(self.env, batch.date),
                    paid=format_date(self.env, move.recouvrement_factor_paid_date),
                )
            else:
                move.recouvrement_factor_banner = self.env._(
                    "Transferred to the factor %(factor)s (batch %(batch)s of "
                    "%(date)s): the factor collects it; it is out of the dunning.",
                    factor=batch.contract_id.factor_partner_id.name,
                    batch=batch.name,
                    date=format_date(self.env, batch.date),
                )

    def _recouvrement_factor_contract(self):
        """The factoring contract the invoice is (or will be) transferred
        under: its batch's, else its customer's in its company; none for a
        document the factor returned."""
        self.ensure_one()
        if (
            self.move_type not in ("out_invoice", "out_refund")
            or self.recouvrement_factor_return_move_id
        ):
            return self.env["recouvrement.factor.contract"]
        batch = self.recouvrement_factor_batch_id
        if batch and batch.state != "cancelled":
            return batch.contract_id
        return self.commercial_partner_id.with_company(
            self.company_id
        ).recouvrement_factor_contract_id

    def action_recouvrement_factor_return(self):
        """The "Return from factor" button: the factor sends the document back
        unpaid (recourse)."""
        not_factored = self.filtered(lambda move: not move.recouvrement_factored)
        if not_factored:
            raise UserError(
                self.env._(
                    "Only a document held by the factor can come back from it: "
                    "%(documents)s.",
                    documents=", ".join(not_factored.mapped("display_name")),
                )
            )
        for batch in self.recouvrement_factor_batch_id:
            batch._return_documents(self & batch.move_ids)
        return True

    def action_recouvrement_factor_paid(self):
        """The "Paid to the factor" button: asks the day the customer paid."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_factoring.action_recouvrement_factor_paid_wizard"
        )
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    def _recouvrement_lock_documents(self):
        """Two users recording the same documents at once: the row lock lets
        one through; the other is told at once and nothing is written."""
        lock_or_refuse(
            self,
            self.env._(
                "Someone else is recording these documents: try again in a moment."
            ),
        )
        self.invalidate_recordset(
            [
                "recouvrement_factor_paid_date",
                "recouvrement_factor_return_move_id",
                "recouvrement_factored",
            ]
        )

    def _recouvrement_factor_paid(self, date):
        """The customers paid these factored documents to the factor on
        ``date`` (the factor's statement says so): the date is kept and the
        VAT on payments of the documents becomes due that day (instruction
        3 D-6-94: the factor's advance is a loan, the customer's payment to
        the factor is the payment)."""
        if not date:
            raise UserError(self.env._("Give the day the customer paid the factor."))
        if date > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The customer cannot have paid the factor on %(date)s: the "
                    "date is in the future.",
                    date=format_date(self.env, date),
                )
            )
        self._recouvrement_lock_documents()
        problems = []
        for move in self:
            batch = move.recouvrement_factor_batch_id
            if not move.recouvrement_factored:
                problems.append(
                    self.env._(
                        "%(document)s: it is not held by the factor",
                        document=move.display_name,
                    )
                )
            elif move.recouvrement_factor_paid_date:
                problems.append(
                    self.env._(
                        "%(document)s: already paid to the factor on %(date)s",
                        document=move.display_name,
                        date=format_date(self.env, move.recouvrement_factor_paid_date),
                    )
                )
            elif date < batch.date:
                problems.append(
                    self.env._(
                        "%(document)s: transferred to the factor on %(date)s, "
                        "after that day",
                        document=move.display_name,
                        date=format_date(self.env, batch.date),
                    )
                )
        if problems:
            raise UserError(
                self.env._(
                    "These documents cannot be recorded as paid to the factor:\n"
                    "%(problems)s",
                    problems="\n".join(problems),
                )
            )
        for company in self.company_id.filtered("tax_exigibility"):
            if company._get_violated_lock_dates(
                date, True, company.tax_cash_basis_journal_id
            ):
                raise UserError(
                    self.env._(
                        "The accounts of %(company)s are locked on %(date)s: the "
                        "VAT on payments cannot be made due that day. Record the "
                        "payment on a day after the lock date.",
                        company=company.name,
                        date=format_date(self.env, date),
                    )
                )
        entries = self.env["account.move"]
        for batch in self.recouvrement_factor_batch_id:
            documents = self & batch.move_ids
            entries |= batch._record_paid(documents, date)
            batch.message_post(
                body=self.env._(
                    "Paid to the factor by the customers on %(date)s: %(documents)s.",
                    date=format_date(self.env, date),
                    documents=", ".join(documents.mapped("name")),
                )
            )
        self.write({"recouvrement_factor_paid_date": date})
        for move in self:
            vat_entries = entries.filtered(
                lambda entry, move=move: entry.tax_cash_basis_origin_move_id == move
            )
            if vat_entries:
                body = self.env._(
                    "Paid by the customer to the factor on %(date)s: the VAT on "
                    "payments is due that day (%(entries)s).",
                    date=format_date(self.env, date),
                    entries=", ".join(vat_entries.mapped("name")),
                )
            else:
                body = self.env._(
                    "Paid by the customer to the factor on %(date)s.",
                    date=format_date(self.env, date),
                )
            move.message_post(body=body)
        return entries

    @api.model_create_multi
    def create(self, vals_list):
        # the cash-basis entries of documents the customers paid to the factor
        # are dated the day of that payment (_recouvrement_factor_paid), not
        # the day the documents were transferred
        cash_basis_date = self.env.context.get("recouvrement_cash_basis_date")
        if cash_basis_date:
            for vals in vals_list:
                if vals.get("tax_cash_basis_rec_id"):
                    vals["date"] = cash_basis_date
        return super().create(vals_list)

    def _check_draftable(self):
        """A document the factor holds, or the entry that transferred
        documents to the factor, stays posted: back in draft, the document
        would be the company's again while the factor collects it."""
        result = super()._check_draftable()
        factored = self.filtered("recouvrement_factored")
        if factored:
            raise UserError(
                self.env._(
                    "%(documents)s is held by the factor: it cannot be reset to "
                    "draft. If the factor returns it, use Return from factor.",
                    documents=", ".join(factored.mapped("display_name")),
                )
            )
        batches = self.env["recouvrement.factor.batch"].search(
            [("account_move_id", "in", self.ids), ("state", "=", "accounted")]
        )
        if batches:
            raise UserError(
                self.env._(
                    "%(entries)s transferred the documents of %(batches)s to the "
                    "factor: it cannot be reset to draft.",
                    entries=", ".join(batches.account_move_id.mapped("display_name")),
                    batches=", ".join(batches.mapped("name")),
                )
            )
        return result

    def _collect_tax_cash_basis_values(self):
        """A transfer entry to the factor carries no tax: nothing to collect
        for cash-basis taxes. Said at once rather than found by reading its
        thousands of lines again for each document it settles."""
        if self.id in self.env.context.get("recouvrement_factor_entry_ids", ()):
            return None
        return super()._collect_tax_cash_basis_values()
