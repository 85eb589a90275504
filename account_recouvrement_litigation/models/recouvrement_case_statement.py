from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount, format_date

from ..lib.litigation import (
    impute,
    propose_procedure,
)


class RecouvrementCaseStatement(models.AbstractModel):
    """The statement (décompte) of a litigation case: principal, late
    interest and indemnities, procedure costs and the payments received
    since the case was opened, imputed on the interest first."""

    _name = "recouvrement.case.statement"
    _description = "Litigation Case: Statement"

    def _payments_since(self, move, day):
        """What the debtor paid on ``move`` from ``day`` on, as [(date, amount
        in the invoice's currency)]: the payments and bank statement lines
        reconciled with it (not the credit notes, nor the entries that move
        the receivable to another account)."""
        receivable = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        partials = receivable.matched_credit_ids.filtered(
            lambda partial: (
                partial.max_date >= day
                and (
                    partial.credit_move_id.move_id.origin_payment_id
                    or partial.credit_move_id.move_id.statement_line_id
                )
            )
        )
        paid = [(p.max_date, p.debit_amount_currency) for p in partials]
        # a doubtful receivable is paid on its 416 line: the payments carried
        # there (not the write-off)
        doubtful = move.recouvrement_doubtful_line_id
        if doubtful:
            paid += [
                (p.max_date, p.debit_amount_currency)
                for p in doubtful.matched_credit_ids
                if p.max_date >= day
                and p.credit_move_id.move_id.recouvrement_doubtful_kind == "payment"
            ]
        return paid

    def _statement(self, on_date=None):
        """The décompte of the case on ``on_date`` (today): per invoice its
        principal, interest lines and indemnity; the costs; the payments
        received since the case opened and their imputation."""
        self.ensure_one()
        on_date = on_date or fields.Date.context_today(self)
        currency = self.currency_id
        moves = self.move_ids._origin.sorted(lambda m: (m.invoice_date_due, m.name))
        warning = False
        computed = {}
        posted = moves.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )
        try:
            computed = self.env["recouvrement.charge"]._compute_for_moves(
                posted, on_date
            )
        except UserError as error:
            warning = str(error.args[0])
        # the charges already billed (the engine goes on from where they
        # stopped), for what their charges invoice still has to be paid
        billed = self.env["recouvrement.charge"].search(
            [("move_id", "in", posted.ids)], order="interest_date_from, id"
        )
        unpaid = {
            charge_move: (
                charge_move.amount_residual / charge_move.amount_total
                if charge_move.amount_total
                else 0.0
            )
            for charge_move in billed.charge_move_id
        }
        rows = []
        payments = []
        for move in moves:
            since = self._payments_since(move, self.date_open) if self.date_open else []
            paid = sum(amount for _day, amount in since)
            # after the transfer to 416, what is owed is on the 416 line
            owed = move.amount_residual + (
                move.recouvrement_doubtful_residual
                if move.recouvrement_doubtful_state == "doubtful"
                else 0.0
            )
            principal = currency.round(owed + paid)
            charges = billed.filtered(
                lambda c, m=move: (
                    c.move_id == m and unpaid.get(c.charge_move_id, 1.0) > 0
                )
            )
            interest_lines = [
                (
                    charge.interest_date_from,
                    charge.interest_date_to,
                    charge.rate_description,
                    currency.round(
                        charge.interest_amount * unpaid.get(charge.charge_move_id, 1.0)
                    ),
                )
                for charge in charges.filtered("interest_amount")
            ]
            indemnity = sum(
                charge.indemnity_amount * unpaid.get(charge.charge_move_id, 1.0)
                for charge in charges
            )
            figures = computed.get(move)
            if figures:
                interest_lines += [
                    (
                        date_from,
                        date_to,
                        self.env["recouvrement.charge"]._format_rate(
                            rate, self.env.lang
                        )
                        + " %",
                        amount,
                    )
                    for date_from, date_to, rate, amount in figures["lines"]
                ]
                indemnity += figures["indemnity"]
            interest = currency.round(sum(line[3] for line in interest_lines))
            rows.append(
                {
                    "move": move,
                    "principal": principal,
                    "interest_lines": interest_lines,
                    "interest": interest,
                    "indemnity": currency.round(indemnity),
                }
            )
            payments += [(day, amount, move) for day, amount in since]
        principal = currency.round(sum(row["principal"] for row in rows))
        interest = currency.round(sum(row["interest"] for row in rows))
        indemnity = currency.round(sum(row["indemnity"] for row in rows))
        costs = currency.round(sum(self.cost_ids.mapped("amount")))
        recovered = currency.round(sum(amount for _d, amount, _m in payments))
        imputation = impute(recovered, interest, principal, currency.decimal_places)
        balance = currency.round(
            imputation.principal_left + imputation.interest_left + indemnity + costs
        )
        return {
            "date": on_date,
            "rows": rows,
            "principal": principal,
            "interest": interest,
            "indemnity": indemnity,
            "costs": costs,
            "cost_lines": self.cost_ids.sorted(lambda c: (c.date, c.id)),
            "payments": sorted(payments, key=lambda p: p[0]),
            "recovered": recovered,
            "imputation": imputation,
            "balance": balance,
            "warning": warning,
        }

    def _propose_procedure(self, statement):
        """The road for the claim of ``statement`` (principal and interest,
        in euros) and the customer's debtor type."""
        claim = statement["principal"] + statement["interest"]
        claim_eur = self.currency_id._convert(
            claim,
            self.env.ref("base.EUR"),
            self.company_id,
            statement["date"],
        )
        return propose_procedure(claim_eur, self.debtor_type)

    def _statement_html(self, statement):
        """The statement's lines as a table for the form: per invoice its
        principal, its interest periods (dates, rate, amount) and its
        indemnity."""
        env = self.env

        def money(amount):
            return format_amount(env, amount, self.currency_id)

        def row(cells, muted=False):
            tds = Markup("").join(
                Markup('<td class="%s">%s</td>')
                % ("text-end" if index >= 2 else "", cell)
                for index, cell in enumerate(cells)
            )
            return Markup('<tr class="%s">%s</tr>') % (
                "text-muted" if muted else "",
                tds,
            )

        headers = (
            env._("Invoice"),
            env._("Period and rate"),
            env._("Principal"),
            env._("Interest"),
            env._("Indemnity"),
        )
        lines = [
            Markup("<tr>%s</tr>")
            % Markup("").join(Markup("<th>%s</th>") % header for header in headers)
        ]
        for item in statement["rows"]:
            lines.append(
                row(
                    (
                        item["move"].name,
                        env._(
                            "due on %(date)s",
                            date=format_date(env, item["move"].invoice_date_due),
                        ),
                        money(item["principal"]),
                        money(item["interest"]),
                        money(item["indemnity"]),
                    )
                )
            )
            for date_from, date_to, rate, amount in item["interest_lines"]:
                lines.append(
                    row(
                        (
                            "",
                            env._(
                                "%(date_from)s to %(date_to)s at %(rate)s",
                                date_from=format_date(env, date_from),
                                date_to=format_date(env, date_to),
                                rate=rate,
                            ),
                            "",
                            money(amount),
                            "",
                        ),
                        muted=True,
                    )
                )
        return Markup(
            '<table class="table table-sm o_recouvrement_statement">%s</table>'
        ) % (Markup("").join(lines))

    @api.depends(
        "move_ids.amount_residual",
        "cost_ids.amount",
        "date_open",
        "currency_id",
        "debtor_type",
    )
    def _compute_statement(self):
        for case in self:
            if not case.move_ids:
                case.update(
                    {
                        "amount_principal": 0.0,
                        "amount_interest": 0.0,
                        "amount_indemnity": 0.0,
                        "amount_costs": case.currency_id.round(
                            sum(case.cost_ids.mapped("amount"))
                        ),
                        "amount_recovered": 0.0,
                        "amount_balance": 0.0,
                        "statement_warning": False,
                        "statement_html": False,
                        "proposed_procedure": False,
                    }
                )
                case.amount_balance = case.amount_costs
                continue
            statement = case._statement()
            case.update(
                {
                    "amount_principal": statement["principal"],
                    "amount_interest": statement["interest"],
                    "amount_indemnity": statement["indemnity"],
                    "amount_costs": statement["costs"],
                    "amount_recovered": statement["recovered"],
                    "amount_balance": statement["balance"],
                    "statement_warning": statement["warning"],
                    "statement_html": case._statement_html(statement),
                    "proposed_procedure": case._propose_procedure(statement),
                }
            )
