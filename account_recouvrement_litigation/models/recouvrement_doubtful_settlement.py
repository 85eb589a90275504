from odoo import Command, fields, models
from odoo.exceptions import UserError


class RecouvrementDoubtfulSettlement(models.AbstractModel):
    """What settles a doubtful receivable: the payments carried from 411 to
    its 416 line, and the write-off of an irrecoverable one (654, the VAT
    regularised by a credit note, CGI art. 272). Methods of
    ``account.move``, which inherits them."""

    _name = "recouvrement.doubtful.settlement"
    _description = "Doubtful Receivable: Settlement and Write-off"

    def _recouvrement_settle_doubtful(self, credit_lines, date, label, kind):
        """Post the transfer 411 → 416 of open customer credits (a payment,
        the write-off credit note) and reconcile it on both sides: with the
        credits on 411, with this invoice's 416 line."""
        self.ensure_one()
        doubtful_line = self.recouvrement_doubtful_line_id
        receivable_account = credit_lines[0].account_id
        amount = min(
            -sum(credit_lines.mapped("amount_residual_currency")),
            doubtful_line.amount_residual_currency,
        )
        if self.currency_id.compare_amounts(
            amount, doubtful_line.amount_residual_currency
        ):
            balance = self.company_currency_id.round(
                doubtful_line.amount_residual
                * amount
                / doubtful_line.amount_residual_currency
            )
        else:
            balance = doubtful_line.amount_residual
        entry = self._recouvrement_post_entry(
            self.company_id._recouvrement_doubtful_journal(),
            date,
            label,
            [
                {
                    "account_id": receivable_account.id,
                    "currency_id": self.currency_id.id,
                    "amount_currency": amount,
                    "balance": balance,
                },
                {
                    "account_id": doubtful_line.account_id.id,
                    "currency_id": self.currency_id.id,
                    "amount_currency": -amount,
                    "balance": -balance,
                },
            ],
            kind,
        )
        (
            (credit_lines | entry.line_ids).filtered(
                lambda line: line.account_id == receivable_account
            )
        ).reconcile()
        (
            doubtful_line
            | entry.line_ids.filtered(
                lambda line: line.account_id == doubtful_line.account_id
            )
        ).reconcile()
        return entry

    def _recouvrement_apply_doubtful_payment(self, payment_lines, date=None):
        """A payment received after the transfer is registered as usual on
        the customer (an open credit on 411): this posts the 411 → 416
        transfer of that credit, reconciles it with the payment and with the
        416 line of this invoice, and releases the provision accordingly.
        The invoice's *Apply a payment* button (on its Dunning tab) does it
        from the form. Returns the entries."""
        self.ensure_one()
        date = date or fields.Date.context_today(self)
        self._recouvrement_check_transferred(date)
        doubtful_line = self.recouvrement_doubtful_line_id
        payment_lines = payment_lines.filtered(
            lambda line: (
                line.account_type == "asset_receivable"
                and not line.reconciled
                and line.amount_residual_currency < 0
            )
        )
        wrong = payment_lines.filtered(
            lambda line: (
                line.partner_id.commercial_partner_id != self.commercial_partner_id
                or line.currency_id != self.currency_id
                or line.company_id != self.company_id
                or line.account_id != payment_lines[0].account_id
            )
        )
        if not payment_lines or wrong:
            raise UserError(
                self.env._(
                    "Choose open payments of %(partner)s in %(currency)s to settle "
                    "the doubtful receivable %(name)s.",
                    partner=self.commercial_partner_id.display_name,
                    currency=self.currency_id.name,
                    name=self.display_name,
                )
            )
        if self.currency_id.is_zero(doubtful_line.amount_residual_currency):
            raise UserError(
                self.env._(
                    "Nothing remains owed on the doubtful receivable %(name)s.",
                    name=self.display_name,
                )
            )
        entry = self._recouvrement_settle_doubtful(
            payment_lines,
            date,
            self.env._("Payment of the doubtful receivable %(name)s", name=self.name),
            "payment",
        )
        return entry | self._recouvrement_release_provision(date=date)

    def _recouvrement_write_off(self, date=None):
        """Write these doubtful receivables off as irrecoverable: for each, a
        credit note of the original invoice (``reversed_entry_id``, the VAT
        regularisation of CGI art. 272) for what remains owed — debit 654
        excl. VAT, debit 44571 the VAT, credit 411 — whose receivable side is
        carried at once to the 416 line (debit 411 / credit 416, reconciled
        on both sides: Odoo wants a credit note's receivable line on a
        receivable account, 416 is not one), and the reversal of the whole
        provision (491 → 7817). Returns the entries."""
        date = date or fields.Date.context_today(self)
        self._recouvrement_check_transferred(date)
        recovered = self.filtered(
            lambda move: move.currency_id.is_zero(move.recouvrement_doubtful_residual)
        )
        if recovered:
            raise UserError(
                self.env._(
                    "Nothing remains owed on %(names)s: there is nothing to write off.",
                    names=", ".join(recovered.mapped("display_name")),
                )
            )
        entries = self.env["account.move"]
        if not self:
            return entries
        company = self.company_id
        # every account found before anything is posted
        year_start = company.compute_fiscalyear_dates(date)["date_from"]
        loss_accounts = {
            move: company._recouvrement_doubtful_account(
                "write_off_previous"
                if move.invoice_date and move.invoice_date < year_start
                else "write_off"
            )
            for move in self
        }
        journal = company._recouvrement_doubtful_journal()
        for move in self:
            entries |= move._recouvrement_write_off_one(
                date, loss_accounts[move], journal
            )
        return entries

    def _recouvrement_write_off_one(self, date, loss_account, journal):
        self.ensure_one()
        doubtful_line = self.recouvrement_doubtful_line_id
        currency = self.currency_id
        ratio = doubtful_line.amount_residual_currency / self.amount_total
        credit_note = self._reverse_moves(
            [
                {
                    "date": date,
                    "invoice_date": date,
                    "invoice_date_due": date,
                    "invoice_payment_term_id": False,
                    "ref": self.env._(
                        "Irrecoverable receivable written off: %(name)s",
                        name=self.name,
                    ),
                    "recouvrement_doubtful_origin_id": self.id,
                    "recouvrement_doubtful_kind": "write_off",
                }
            ]
        )
        updates = []
        for line in credit_note.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        ):
            values = {"account_id": loss_account.id}
            if currency.compare_amounts(
                doubtful_line.amount_residual_currency, self.amount_total
            ):
                # what remains owed only: each line in proportion
                included = any(line.tax_ids.mapped("price_include"))
                amount = line.price_total if included else line.price_subtotal
                values.update(
                    quantity=1,
                    discount=0.0,
                    price_unit=currency.round(amount * ratio),
                )
            updates.append(Command.update(line.id, values))
        credit_note.write({"invoice_line_ids": updates})
        credit_note.action_post()
        # a credit note's receivable side must be a receivable account (411):
        # it is carried over to the 416 line at once
        note_lines = credit_note.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )
        entries = credit_note | self._recouvrement_settle_doubtful(
            note_lines,
            date,
            self.env._("Write-off of the doubtful receivable %(name)s", name=self.name),
            "write_off",
        )
        # the taxes of a partial credit note are rounded line by line: the
        # cent or so that the credit note and the 416 line differ goes to 654
        for line in (note_lines | doubtful_line).filtered(
            lambda line: not line.reconciled
        ):
            label = self.env._("Rounding of the write-off of %(name)s", name=self.name)
            rounding = self._recouvrement_post_entry(
                journal,
                date,
                label,
                [
                    {
                        "account_id": line.account_id.id,
                        "currency_id": line.currency_id.id,
                        "amount_currency": -line.amount_residual_currency,
                        "balance": -line.amount_residual,
                    },
                    {
                        "account_id": loss_account.id,
                        "currency_id": line.currency_id.id,
                        "amount_currency": line.amount_residual_currency,
                        "balance": line.amount_residual,
                    },
                ],
                "write_off",
            )
            (
                line
                | rounding.line_ids.filtered(
                    lambda rl, line=line: rl.account_id == line.account_id
                )
            ).reconcile()
            entries |= rounding
        self.recouvrement_write_off_move_id = credit_note
        return entries | self._recouvrement_adjust_provision(date=date, rate=0.0)
