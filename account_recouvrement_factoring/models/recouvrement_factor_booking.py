from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

RECONCILE_SLICE = 1000


class RecouvrementFactorBooking(models.AbstractModel):
    """The entries of a factoring batch: the transfer to the factor, the
    VAT on payments when the customers pay the factor, the returns."""

    _name = "recouvrement.factor.booking"
    _description = "Factoring Entries"

    def _book_transfer(self, batch):
        """Book the transfer of ``batch``: debit the factor, credit each
        customer's receivable (credit notes the other way round), reconciled
        with each document, so that the documents are settled for the company
        and leave its dunning."""
        # written again: the ledger may have moved since the file was sent
        batch.action_generate_file()
        entry, plan = self._transfer_entry(batch)
        # the documents' lines and taxes read at once, not per document
        # when the reconciliation looks for cash-basis taxes
        batch.move_ids.line_ids.fetch(["tax_ids", "tax_line_id", "account_id"])
        # no cash-basis entry: the VAT on payments of the documents is
        # not due on the transfer, the factor's advance being a loan; it
        # is when the customers pay the factor (_record_paid). Nor any
        # synchronisation of the documents' dynamic lines (taxes, terms,
        # early payment discounts): settling them changes none, and Odoo
        # would rewrite every line of every document for nothing
        Line = self.env["account.move.line"].with_context(
            recouvrement_factor_entry_ids=entry.ids,
            no_cash_basis=True,
            skip_invoice_sync=True,
        )
        # by slices: one reconciliation of ten thousand pairs costs more
        # than ten of a thousand
        for start in range(0, len(plan), RECONCILE_SLICE):
            Line._reconcile_plan(plan[start : start + RECONCILE_SLICE])
        moves = batch.move_ids
        factored = moves._fields["recouvrement_factored"]
        moves.flush_recordset(["recouvrement_factored"])
        with self.env.protecting([factored], moves):
            batch.write({"account_move_id": entry.id, "state": "accounted"})
        # the documents factored by one UPDATE, not the ORM's recompute
        # written back a hundred at a time
        self.env.cr.execute(
            SQL(
                "UPDATE account_move SET recouvrement_factored = TRUE "
                "WHERE id = ANY(%s)",
                moves.ids,
            )
        )
        moves.invalidate_recordset(["recouvrement_factored"])
        moves.modified(["recouvrement_factored"])
        # no invoice lines to synchronise; the exclusions by one INSERT
        moves.filtered(lambda move: move.move_type == "out_invoice").with_context(
            skip_invoice_sync=True
        )._recouvrement_exclude(
            self.env._(
                "Transferred to %(factor)s (%(batch)s): the factor collects it.",
                factor=batch.contract_id.factor_partner_id.name,
                batch=batch.name,
            ),
            source="factoring",
            origin=batch,
            bulk=True,
        )
        batch.message_post(
            body=self.env._(
                "%(count)s documents transferred to %(factor)s by %(entry)s.",
                count=len(batch.move_ids),
                factor=batch.contract_id.factor_partner_id.name,
                entry=entry.name,
            )
        )

    def _receivable_lines(self, moves):
        """{move id: its open receivable lines} in one search."""
        lines = self.env["account.move.line"].search(
            [
                ("move_id", "in", moves.ids),
                ("display_type", "=", "payment_term"),
                ("reconciled", "=", False),
            ],
            order="move_id, id",
        )
        by_move = defaultdict(lambda: self.env["account.move.line"])
        for line in lines:
            by_move[line.move_id.id] |= line
        return by_move

    def _transfer_entry(self, batch):
        """The entry and the reconciliation plan (document line, entry line)."""
        batch.ensure_one()
        contract = batch.contract_id
        currency = batch.currency_id
        company_currency = batch.company_id.currency_id
        by_move = self._receivable_lines(batch.move_ids)
        open_lines = self.env["account.move.line"].concat(*by_move.values())
        open_lines.fetch(
            [
                "move_id",
                "account_id",
                "partner_id",
                "amount_residual",
                "amount_residual_currency",
            ]
        )
        line_vals = []
        total = total_currency = 0.0
        for line in open_lines:
            line_vals.append(
                {
                    "name": self.env._(
                        "%(document)s transferred to the factor",
                        document=line.move_id.name,
                    ),
                    "account_id": line.account_id.id,
                    "partner_id": line.partner_id.id,
                    "currency_id": currency.id,
                    "amount_currency": -line.amount_residual_currency,
                    "balance": -line.amount_residual,
                    # no analytic distribution model looked up line by line
                    "analytic_distribution": False,
                }
            )
            total += line.amount_residual
            total_currency += line.amount_residual_currency
        line_vals.insert(
            0,
            {
                "name": self.env._("Factoring batch %(batch)s", batch=batch.name),
                "account_id": contract.factor_account_id.id,
                "partner_id": contract.factor_partner_id.id,
                "currency_id": currency.id,
                "amount_currency": currency.round(total_currency),
                "balance": company_currency.round(total),
                "analytic_distribution": False,
            },
        )
        entry = (
            self.env["account.move"]
            .with_context(skip_invoice_sync=True)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": contract.journal_id.id,
                    "date": batch.date,
                    "ref": self.env._(
                        "Transfer to %(factor)s, batch %(batch)s",
                        factor=contract.factor_partner_id.name,
                        batch=batch.name,
                    ),
                    "currency_id": currency.id,
                    "line_ids": [Command.create(vals) for vals in line_vals],
                }
            )
        )
        entry.action_post()
        # the entry's lines come back in the order given: the factor's first
        plan = [
            document_line | entry_line
            for document_line, entry_line in zip(
                open_lines, entry.line_ids.sorted("id")[1:], strict=True
            )
        ]
        return entry, plan

    def _transfer_partials(self, batch, moves):
        """The reconciliations of ``moves`` with this batch's transfer entry."""
        batch.ensure_one()
        entry = batch.account_move_id
        terms = moves.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )
        return (terms.matched_debit_ids | terms.matched_credit_ids).filtered(
            lambda partial: (
                entry
                in (partial.debit_move_id.move_id | partial.credit_move_id.move_id)
            )
        )

    def _record_paid(self, batch, moves, date):
        """The customers paid ``moves`` to the factor on ``date``: the VAT on
        payments of these documents is due that day. Odoo's cash-basis
        entries, left out when the batch was booked (the factor's advance is
        a loan, not the customer's payment), are written now, dated ``date``.
        """
        batch.ensure_one()
        if not batch.company_id.tax_exigibility:
            return self.env["account.move"]
        partials = self._transfer_partials(batch, moves)
        # a document transferred before this rule had its entry on the
        # transfer: none twice
        partials -= (
            self.env["account.move"]
            .search([("tax_cash_basis_rec_id", "in", partials.ids)])
            .tax_cash_basis_rec_id
        )
        if not partials:
            return self.env["account.move"]
        return partials.with_context(
            recouvrement_cash_basis_date=date,
            recouvrement_factor_entry_ids=batch.account_move_id.ids,
        )._create_tax_cash_basis_moves()

    def _return(self, batch, moves, date=None):
        """The factor returns ``moves`` unpaid (recourse): undo their part of
        the transfer entry — unreconcile them, book a reversing entry
        (debit the customer, credit the factor) reconciled with the transfer
        lines — and give them back to the company's dunning."""
        batch.ensure_one()
        if batch.state != "accounted":
            raise UserError(
                self.env._(
                    "Only a document of an accounted batch can come back from the "
                    "factor."
                )
            )
        date = date or fields.Date.context_today(self)
        contract = batch.contract_id
        currency = batch.currency_id
        entry = batch.account_move_id
        plan = []
        line_vals = []
        transfer_lines = self.env["account.move.line"]
        for move in moves:
            if move.recouvrement_factor_return_move_id:
                raise UserError(
                    self.env._(
                        "%(document)s has already come back from the factor.",
                        document=move.name,
                    )
                )
            if move.recouvrement_factor_paid_date:
                raise UserError(
                    self.env._(
                        "%(document)s was paid to the factor on %(date)s: it "
                        "cannot come back unpaid.",
                        document=move.name,
                        date=format_date(self.env, move.recouvrement_factor_paid_date),
                    )
                )
            partials = self._transfer_partials(batch, move)
            lines = (partials.debit_move_id | partials.credit_move_id).filtered(
                lambda line, entry=entry: line.move_id == entry
            )
            partials.unlink()
            transfer_lines |= lines
        for line in transfer_lines:
            line_vals.append(
                {
                    "name": self.env._(
                        "%(document)s returned by the factor",
                        document=line.name,
                    ),
                    "account_id": line.account_id.id,
                    "partner_id": line.partner_id.id,
                    "currency_id": currency.id,
                    "amount_currency": -line.amount_currency,
                    "balance": -line.balance,
                }
            )
        total = sum(transfer_lines.mapped("balance"))
        total_currency = sum(transfer_lines.mapped("amount_currency"))
        line_vals.insert(
            0,
            {
                "name": self.env._("Returned from batch %(batch)s", batch=batch.name),
                "account_id": contract.factor_account_id.id,
                "partner_id": contract.factor_partner_id.id,
                "currency_id": currency.id,
                "amount_currency": currency.round(total_currency),
                "balance": batch.company_id.currency_id.round(total),
            },
        )
        reversal = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": contract.journal_id.id,
                "date": date,
                "ref": self.env._(
                    "Returned by %(factor)s: %(documents)s",
                    factor=contract.factor_partner_id.name,
                    documents=", ".join(moves.mapped("name")),
                ),
                "currency_id": currency.id,
                "line_ids": [Command.create(vals) for vals in line_vals],
            }
        )
        reversal.action_post()
        plan = [
            transfer_line | reversal_line
            for transfer_line, reversal_line in zip(
                transfer_lines, reversal.line_ids.sorted("id")[1:], strict=True
            )
        ]
        self.env["account.move.line"]._reconcile_plan(plan)
        moves.write({"recouvrement_factor_return_move_id": reversal.id})
        moves.filtered(
            lambda move: move.move_type == "out_invoice"
        )._recouvrement_include(source="factoring", origin=self)
        for move in moves:
            move.message_post(
                body=self.env._(
                    "Returned unpaid by %(factor)s (%(entry)s): back in the dunning, "
                    "late from its due date %(date)s.",
                    factor=contract.factor_partner_id.name,
                    entry=reversal.name,
                    date=format_date(self.env, move.invoice_date_due),
                )
            )
        batch.message_post(
            body=self.env._(
                "Returned by the factor: %(documents)s (%(entry)s).",
                documents=", ".join(moves.mapped("name")),
                entry=reversal.name,
            )
        )
        return reversal
