from odoo import Command, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..lib.doubtful import provision_target, valid_rate


class RecouvrementDoubtfulTransfer(models.AbstractModel):
    """The entries that put an invoice among the doubtful receivables (PCG):
    the transfer 411 → 416 and the provision 6817/491, adjusted and
    released. Methods of ``account.move`` (the invoices), which inherits
    them; each entry points back to its invoice through
    ``recouvrement_doubtful_origin_id``."""

    _name = "recouvrement.doubtful.transfer"
    _description = "Doubtful Receivable: Transfer and Provision"

    def _recouvrement_check_one_company(self):
        if len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "The doubtful receivables entries are posted company by "
                    "company: %(names)s belong to several companies.",
                    names=", ".join(self.mapped("display_name")),
                )
            )

    def _recouvrement_check_transferred(self, date=None):
        """The invoices are doubtful receivables, not written off yet, and
        transferred on or before ``date``."""
        self._recouvrement_check_one_company()
        not_transferred = self.filtered(
            lambda move: not move.recouvrement_doubtful_line_id
        )
        if not_transferred:
            raise UserError(
                self.env._(
                    "Transfer these invoices to doubtful receivables first: %(names)s.",
                    names=", ".join(not_transferred.mapped("display_name")),
                )
            )
        written_off = self.filtered("recouvrement_write_off_move_id")
        if written_off:
            raise UserError(
                self.env._(
                    "These receivables are already written off: %(names)s.",
                    names=", ".join(written_off.mapped("display_name")),
                )
            )
        early = self.filtered(
            lambda move: date and date < move.recouvrement_doubtful_move_id.date
        )
        if early:
            raise UserError(
                self.env._(
                    "An entry of a doubtful receivable cannot be dated before its "
                    "transfer to 416 (%(names)s).",
                    names=", ".join(early.mapped("display_name")),
                )
            )

    def _recouvrement_post_entry(self, journal, date, label, lines, kind):
        """Post a miscellaneous entry of this invoice (``lines``: values of
        account.move.line; ``kind``: a recouvrement_doubtful_kind)."""
        self.ensure_one()
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": date,
                "ref": label,
                "recouvrement_doubtful_origin_id": self.id,
                "recouvrement_doubtful_kind": kind,
                "line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "partner_id": self.commercial_partner_id.id,
                            **values,
                        }
                    )
                    for values in lines
                ],
            }
        )
        entry.action_post()
        return entry

    def _recouvrement_transfer_doubtful(self, date=None):
        """Move what remains due on these posted customer invoices from their
        receivable account (411) to the doubtful receivables (416): one
        posted entry per invoice, whose 411 credit is reconciled with the
        invoice (settled on 411) and whose 416 debit carries the claim
        (``recouvrement_doubtful_line_id``). Returns the entries."""
        self._recouvrement_check_one_company()
        date = date or fields.Date.context_today(self)
        for move in self:
            if move.move_type != "out_invoice":
                raise UserError(
                    self.env._(
                        "Only customer invoices can be transferred to doubtful "
                        "receivables: %(name)s.",
                        name=move.display_name,
                    )
                )
            if move.state != "posted":
                raise UserError(
                    self.env._(
                        "Post the invoice %(name)s before transferring it to "
                        "doubtful receivables.",
                        name=move.display_name,
                    )
                )
            if move.recouvrement_doubtful_move_id:
                raise UserError(
                    self.env._(
                        "The invoice %(name)s is already a doubtful receivable.",
                        name=move.display_name,
                    )
                )
            if move.currency_id.is_zero(move.amount_residual):
                raise UserError(
                    self.env._(
                        "Nothing remains due on the invoice %(name)s: it cannot "
                        "become a doubtful receivable.",
                        name=move.display_name,
                    )
                )
            if move.invoice_date and date < move.invoice_date:
                raise UserError(
                    self.env._(
                        "The invoice %(name)s cannot be transferred to doubtful "
                        "receivables before its date (%(date)s).",
                        name=move.display_name,
                        date=format_date(self.env, move.invoice_date),
                    )
                )
        if not self:
            return self
        company = self.company_id
        doubtful_account = company._recouvrement_doubtful_account("doubtful")
        journal = company._recouvrement_doubtful_journal()
        entries = self.env["account.move"]
        for move in self:
            open_lines = move.line_ids.filtered(
                lambda line: (
                    line.account_type == "asset_receivable" and not line.reconciled
                )
            )
            label = self.env._("Doubtful receivable %(name)s", name=move.name)
            # the residuals in both currencies: 411 closes without exchange
            # difference, 416 keeps the invoice's historical value
            lines = [
                {
                    "account_id": line.account_id.id,
                    "currency_id": line.currency_id.id,
                    "amount_currency": -line.amount_residual_currency,
                    "balance": -line.amount_residual,
                }
                for line in open_lines
            ]
            lines.append(
                {
                    "account_id": doubtful_account.id,
                    "currency_id": move.currency_id.id,
                    "amount_currency": sum(
                        open_lines.mapped("amount_residual_currency")
                    ),
                    "balance": sum(open_lines.mapped("amount_residual")),
                    "date_maturity": move.invoice_date_due,
                }
            )
            entry = move._recouvrement_post_entry(
                journal, date, label, lines, "transfer"
            )
            for account in open_lines.account_id:
                (open_lines | entry.line_ids).filtered(
                    lambda line, account=account: line.account_id == account
                ).reconcile()
            move.write(
                {
                    "recouvrement_doubtful_move_id": entry.id,
                    "recouvrement_doubtful_line_id": entry.line_ids.filtered(
                        lambda line: line.account_id == doubtful_account
                    ).id,
                }
            )
            entries |= entry
        return entries

    def _recouvrement_provision(self, rate, date=None):
        """Provision these doubtful receivables at ``rate`` percent of what
        remains owed excl. VAT: only the difference with the current
        provision is posted (increase 6817/491, decrease 491/7817). Returns
        the entries."""
        rate = valid_rate(rate)
        if rate is None:
            raise ValidationError(
                self.env._("The provision rate must be a percentage between 0 and 100.")
            )
        date = date or fields.Date.context_today(self)
        self._recouvrement_check_transferred(date)
        return self._recouvrement_adjust_provision(date=date, rate=rate)

    def _recouvrement_release_provision(self, date=None):
        """On recovery: recompute the provision of these doubtful receivables
        on what still remains owed at their rate, and reverse the excess
        (491 → 7817) — all of it once the 416 line is paid."""
        date = date or fields.Date.context_today(self)
        self._recouvrement_check_transferred(date)
        return self._recouvrement_adjust_provision(date=date)

    def _recouvrement_adjust_provision(self, date=None, rate=None):
        """Bring the provision of each invoice to (what remains owed excl.
        VAT) × ``rate`` (each invoice's own rate when None) / 100, rounded to
        the company's currency, by posting the difference."""
        date = date or fields.Date.context_today(self)
        entries = self.env["account.move"]
        if not self:
            return entries
        company = self.company_id
        provision_account = company._recouvrement_doubtful_account("provision")
        expense_account = company._recouvrement_doubtful_account("provision_expense")
        income_account = company._recouvrement_doubtful_account("provision_income")
        journal = company._recouvrement_doubtful_journal()
        for move in self:
            currency = move.company_currency_id
            move_rate = move.recouvrement_provision_rate if rate is None else rate
            # in the company's currency: 416 residual × untaxed / total
            target = currency.round(
                provision_target(
                    move.recouvrement_doubtful_line_id.amount_residual,
                    move.amount_untaxed_signed,
                    move.amount_total_signed,
                    move_rate,
                    digits=currency.decimal_places,
                )
            )
            difference = currency.round(target - move.recouvrement_provision_amount)
            if not currency.is_zero(difference):
                if difference > 0:
                    label = self.env._(
                        "Provision for doubtful receivable %(name)s", name=move.name
                    )
                    debit, credit = expense_account, provision_account
                    kind = "provision"
                else:
                    label = self.env._(
                        "Provision reversal for doubtful receivable %(name)s",
                        name=move.name,
                    )
                    debit, credit = provision_account, income_account
                    kind = "provision_reversal"
                entry = move._recouvrement_post_entry(
                    journal,
                    date,
                    label,
                    [
                        {"account_id": debit.id, "balance": abs(difference)},
                        {"account_id": credit.id, "balance": -abs(difference)},
                    ],
                    kind,
                )
                move.recouvrement_provision_move_ids = [Command.link(entry.id)]
                entries |= entry
            move.write(
                {
                    "recouvrement_provision_rate": move_rate,
                    "recouvrement_provision_amount": target,
                }
            )
            if currency.is_zero(target) and provision_account.reconcile:
                # provisions and reversals cancel out: nothing stays open on 491
                move.recouvrement_provision_move_ids.line_ids.filtered(
                    lambda line: (
                        line.account_id == provision_account and not line.reconciled
                    )
                ).reconcile()
        return entries
