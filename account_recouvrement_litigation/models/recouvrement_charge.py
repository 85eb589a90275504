from collections import defaultdict

from odoo import models


class RecouvrementCharge(models.Model):
    _inherit = "recouvrement.charge"

    def _add_payments(self, partials, receivables, payments):
        """The transfer of an invoice to doubtful receivables (411 → 416) is
        no payment: the claim goes on, on the 416 line."""
        transfers = set()
        if partials:
            self.env.cr.execute(
                "SELECT id FROM account_move "
                "WHERE id = ANY(%s) AND recouvrement_doubtful_kind = 'transfer'",
                [list({partial[3] for partial in partials})],
            )
            transfers = {move_id for (move_id,) in self.env.cr.fetchall()}
        transferred = defaultdict(list)  # transfer entry: [[411 line, amount]]
        others = []
        for partial in partials:
            if partial[3] in transfers:
                transferred[partial[3]].append([partial[0], partial[2]])
            else:
                others.append(partial)
        result = super()._add_payments(others, receivables, payments)
        if transferred:
            self._doubtful_payments(transferred, receivables, payments)
        return result

    def _doubtful_payments(self, transferred, receivables, payments):
        """The transfer of an invoice to doubtful receivables (411 → 416) is
        no payment: the claim goes on, on the 416 line. What settles that
        line (payments carried to 416, the write-off) settles the 411 lines
        it took over, oldest due first."""
        self.env.cr.execute(
            """
            SELECT line.move_id, apr.max_date, apr.debit_amount_currency
              FROM account_move_line line
              JOIN account_partial_reconcile apr ON apr.debit_move_id = line.id
             WHERE line.move_id = ANY(%s) AND line.amount_currency > 0
             ORDER BY apr.max_date, apr.id
            """,
            [list(transferred)],
        )
        due = {
            line_id: line_due
            for lines in receivables.values()
            for line_id, line_due, _amount in lines
        }
        for lines in transferred.values():
            lines.sort(key=lambda item: (due.get(item[0]), item[0]))
        for transfer_id, day, amount in self.env.cr.fetchall():
            for item in transferred[transfer_id]:
                if amount <= 0:
                    break
                part = min(item[1], amount)
                if part > 0:
                    payments[item[0]].append((day, part))
                    item[1] -= part
                    amount -= part
