from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib.interest import (
    MissingRateError,
    floored_contract_periods,
    group_by_rate,
    half_year_bounds,
    indemnity_due,
    interest_segments,
    public_body_periods,
)
from ..lib.receivable import receivable_account_sql

INDEMNITY_EUR = 40.0


class RecouvrementCharge(models.Model):
    """Late-payment charges billed for one invoice: interest over a period
    and, once per invoice, the 40 € indemnity. Kept for the history and to
    bill the next charge from where the previous one stopped."""

    _name = "recouvrement.charge"
    _inherit = ["recouvrement.charge.billing"]
    _description = "Late-payment charge"
    _order = "date desc, id desc"

    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Late invoice",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        related="move_id.company_id",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id",
        store=True,
        string="Customer",
    )
    communication_id = fields.Many2one(
        comodel_name="recouvrement.communication",
        index=True,
        ondelete="restrict",
    )
    charge_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Charges invoice",
        index=True,
        ondelete="restrict",
    )
    date = fields.Date(
        required=True,
        help="Date of the computation.",
    )
    interest_date_from = fields.Date(
        string="Interest from",
    )
    interest_date_to = fields.Date(
        string="Interest until",
    )
    rate_description = fields.Char(
        string="Rates",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
    )
    interest_amount = fields.Monetary(
        string="Interest",
        currency_field="currency_id",
    )
    indemnity_amount = fields.Monetary(
        string="Indemnity",
        currency_field="currency_id",
    )
    total_amount = fields.Monetary(
        string="Total",
        currency_field="currency_id",
        compute="_compute_total_amount",
        store=True,
    )

    @api.depends("interest_amount", "indemnity_amount")
    def _compute_total_amount(self):
        for charge in self:
            charge.total_amount = charge.interest_amount + charge.indemnity_amount

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Late-payment charges are kept for the history: they cannot be deleted."
            )
        )

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------

    @api.model
    def _compute_for_moves(self, moves, on_date, notice_received=None, indemnity=True):
        """What is owed on ``on_date`` for each late invoice, from where the
        previous charge stopped. Set-based: a fixed number of queries
        whatever the number of invoices.

        No interest runs on an invoice whose interest an addon suspends
        (``account.move._recouvrement_interest_suspended``: an honoured
        payment plan); the indemnity stays due.

        A consumer owes no interest for the mere lateness: the legal interest
        runs only once put on notice (art. 1231-6 and 1344-1 C. civ.), from the
        day after the formal notice reached them, and never the 40 €
        indemnity (a B2B rule, C. com. D441-5).

        :param notice_received: date the consumers' formal notice reached them
            (received, or first presented); when not given, the earliest such
            date among the sent formal notices that listed each invoice
        :return: {move: {"lines": [(from, to, rate, amount)], "indemnity": float,
                  "date_from": date, "date_to": date}}
        """
        wrong = moves.filtered(
            lambda m: m.move_type != "out_invoice" or m.state != "posted"
        )
        if wrong:
            raise UserError(
                self.env._(
                    "Late-payment charges apply to posted customer invoices only, not "
                    "to %(names)s.",
                    names=", ".join(wrong.mapped("display_name")),
                )
            )
        moves = moves.filtered(
            lambda m: (
                not m.recouvrement_is_charge
                and not m.commercial_partner_id.recouvrement_no_charges
            )
        )
        if not moves:
            return {}
        receivables, payments = self._fetch_receivables(moves)
        previous = self._previous_charges(moves)
        # what the addons suspend (an honoured payment plan)
        suspended = set(moves._recouvrement_interest_suspended().ids)
        consumer_moves = moves.filtered(
            lambda m: m.commercial_partner_id.recouvrement_debtor_type == "consumer"
        )
        if notice_received:
            notices = dict.fromkeys(consumer_moves.ids, notice_received)
        else:
            notices = self._notice_dates(consumer_moves)
        result = {}
        requested_date = on_date
        for move in moves:
            partner = move.commercial_partner_id
            professional = partner.recouvrement_debtor_type != "consumer"
            last_to, indemnity_done = previous.get(move.id, (None, False))
            # what the addons stop the interest at (the judgement opening
            # insolvency proceedings, C. com. L622-28)
            stop = partner._recouvrement_charges_stop_date()
            on_date = min(requested_date, stop) if stop else requested_date
            lines = []
            starts = []
            interest_receivables = (
                [] if move.id in suspended else receivables.get(move.id, [])
            )
            for line_id, due, amount in interest_receivables:
                start = due + timedelta(days=1)
                if last_to:
                    start = max(start, last_to + timedelta(days=1))
                if not professional:
                    if move.id not in notices:
                        continue
                    start = max(start, notices[move.id] + timedelta(days=1))
                if start > on_date:
                    continue
                try:
                    periods = self._interest_periods(partner, due, start, on_date)
                    segments = interest_segments(
                        periods, start, on_date, amount, payments.get(line_id, [])
                    )
                except MissingRateError as error:
                    raise UserError(
                        self.env._(
                            "No late-payment rate is known for %(day)s: add the "
                            "half-year in Recouvrement > Configuration > Rates.",
                            day=error.day,
                        )
                    ) from error
                lines.extend(segments)
                starts.append(start)
            grouped = self._merge_by_rate(
                group_by_rate(lines, move.currency_id.decimal_places)
            )
            # late as soon as one instalment is: the invoice's own due date
            # is its last instalment's
            first_due = min(
                (due for _l, due, _a in receivables.get(move.id, [])), default=None
            )
            due_indemnity = (
                indemnity
                and indemnity_due(professional, indemnity_done)
                and first_due
                and first_due < on_date
            )
            if not grouped and not due_indemnity:
                continue
            result[move] = {
                "lines": grouped,
                "indemnity": self._indemnity_amount(move, on_date)
                if due_indemnity
                else 0.0,
                "date_from": min(starts) if starts else None,
                "date_to": on_date,
            }
        return result

    @api.model
    def _interest_periods(self, partner, due, start, on_date):
        """The annual rates that apply from ``start`` to ``on_date`` to an
        amount of ``partner`` due on ``due``, as ``RatePeriod`` list: the
        contract's rate (never below 3 × the legal rate of each half-year),
        else by debtor type: public body (ECB rate of the half-year when the
        interest began + 8 points, for the whole period), professional (ECB
        rate + 10 points, half-year by half-year), consumer (legal rate)."""
        Rate = self.env["recouvrement.rate"]
        debtor_type = partner.recouvrement_debtor_type
        if partner.recouvrement_contract_rate:
            return floored_contract_periods(
                Rate._get_periods("legal_other", start, on_date),
                partner.recouvrement_contract_rate,
            )
        if debtor_type == "public_body":
            interest_start = due + timedelta(days=1)
            first_day = half_year_bounds(interest_start)[0]
            return public_body_periods(
                Rate._get_periods("ecb", first_day, first_day),
                interest_start,
                start,
                on_date,
            )
        if debtor_type == "consumer":
            return Rate._get_periods("legal_other", start, on_date)
        return Rate._get_periods("ecb", start, on_date, add=10.0)

    @staticmethod
    def _merge_by_rate(groups):
        """Instalments of one invoice: one line per rate."""
        merged = {}
        for date_from, date_to, rate, amount in groups:
            if rate in merged:
                f, t, _r, a = merged[rate]
                merged[rate] = (min(f, date_from), max(t, date_to), rate, a + amount)
            else:
                merged[rate] = (date_from, date_to, rate, amount)
        return sorted(merged.values())

    def _indemnity_amount(self, move, on_date):
        eur = self.env.ref("base.EUR")
        return eur._convert(INDEMNITY_EUR, move.currency_id, move.company_id, on_date)

    def _fetch_receivables(self, moves):
        self.env.flush_all()
        # every receivable instalment, paid or not: the interest runs from
        # its due date until each payment (the moves are posted invoices)
        self.env.cr.execute(
            SQL(
                """
                SELECT aml.id, aml.move_id, COALESCE(aml.date_maturity, aml.date),
                       aml.amount_currency
                  FROM account_move_line aml
                  JOIN account_account aa ON aa.id = aml.account_id
                 WHERE aml.move_id = ANY(%(move_ids)s)
                   AND %(receivable)s
                   AND aml.amount_currency > 0
                """,
                move_ids=moves.ids,
                receivable=receivable_account_sql("aa"),
            )
        )
        receivables = defaultdict(list)
        line_ids = []
        for line_id, move_id, due, amount in self.env.cr.fetchall():
            receivables[move_id].append((line_id, due, amount))
            line_ids.append(line_id)
        self.env.cr.execute(
            """
            SELECT apr.debit_move_id, apr.max_date, apr.debit_amount_currency,
                   credit_line.move_id
              FROM account_partial_reconcile apr
              JOIN account_move_line credit_line ON credit_line.id = apr.credit_move_id
             WHERE apr.debit_move_id = ANY(%s)
             ORDER BY apr.id
            """,
            [line_ids],
        )
        payments = defaultdict(list)
        self._add_payments(self.env.cr.fetchall(), receivables, payments)
        return receivables, payments

    def _add_payments(self, partials, receivables, payments):
        """Extension point: what paid each receivable line, from its
        reconciliations ``partials`` [(line id, date, amount, id of the
        entry on the credit side)], in the order they were made, added to
        ``payments`` {line id: [(date, amount)]}. Each reconciliation pays
        its line; an addon whose entries settle a line without the debtor
        paying (the transfer to doubtful receivables) takes them out and
        adds what does pay it instead (``super()`` with the others).
        ``receivables``: {invoice id: [(line id, due date, amount)]}."""
        for line_id, day, amount, _credit_move_id in partials:
            payments[line_id].append((day, amount))

    def _notice_dates(self, moves):
        """The day each invoice's formal notice reached the debtor: the
        earliest effective date (receipt, else first presentation) among the
        sent formal notices that listed it. One query for all the invoices.

        :return: {move id: date}, invoices without such a notice left out
        """
        if not moves:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT line.move_id, MIN(comm.notice_date)
                  FROM recouvrement_communication_line line
                  JOIN recouvrement_communication comm
                    ON comm.id = line.communication_id
                  JOIN recouvrement_level lvl ON lvl.id = comm.level_id
                 WHERE line.move_id = ANY(%(move_ids)s)
                   AND comm.state = 'sent'
                   AND lvl.is_formal_notice
                   AND comm.notice_date IS NOT NULL
                 GROUP BY line.move_id
                """,
                move_ids=moves.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    def _previous_charges(self, moves):
        data = self._read_group(
            [("move_id", "in", moves.ids)],
            ["move_id"],
            ["interest_date_to:max", "indemnity_amount:sum"],
        )
        return {
            move.id: (last_to, bool(indemnity)) for move, last_to, indemnity in data
        }
