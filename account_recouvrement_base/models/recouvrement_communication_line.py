from odoo import api, fields, models
from odoo.tools import SQL

from ..lib.receivable import open_receivable_sql


class RecouvrementCommunicationLine(models.Model):
    """One invoice in a communication: the history of the invoice's dunning."""

    _name = "recouvrement.communication.line"
    _description = "Dunning Communication Line"
    _order = "date_due, id"

    communication_id = fields.Many2one(
        comodel_name="recouvrement.communication",
        required=True,
        index=True,
        ondelete="cascade",
    )
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        related="communication_id.company_id",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one(
        related="communication_id.partner_id",
        store=True,
    )
    date = fields.Date(
        related="communication_id.date",
        store=True,
    )
    state = fields.Selection(
        related="communication_id.state",
        store=True,
    )
    level_id = fields.Many2one(
        comodel_name="recouvrement.level",
        string="New level",
        help="The invoice's level once this communication is sent.",
    )
    previous_level_id = fields.Many2one(
        comodel_name="recouvrement.level",
        string="Previous level",
    )
    raises_level = fields.Boolean(
        string="Raises the level",
        help="The invoice reached a new level with this communication; the "
        "other lines are overdue invoices listed alongside.",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
    )
    invoice_date = fields.Date(
        string="Invoice date",
    )
    date_due = fields.Date(
        string="Due date",
        help="The oldest open due date of the invoice.",
    )
    days_late = fields.Integer(
        string="Days late",
    )
    amount_total = fields.Monetary(
        string="Original amount",
        currency_field="currency_id",
    )
    amount_residual = fields.Monetary(
        string="Residual",
        currency_field="currency_id",
    )
    amount_overdue = fields.Monetary(
        string="Overdue",
        currency_field="currency_id",
    )

    def _refresh_amounts(self):
        """Re-read the open amounts of the invoices (payments since the run)."""
        if self:
            self._refresh_where(SQL("l.id = ANY(%s)", list(self.ids)))

    @api.model
    def _refresh_pending(self, company):
        """Refresh the lines of the company's communications waiting to be
        sent (to review or in error): one UPDATE whatever their number.

        :return: the communications whose amounts changed
        """
        return self._refresh_where(
            SQL(
                "l.communication_id IN (SELECT id FROM recouvrement_communication "
                "WHERE company_id = %s AND state IN ('to_review', 'error'))",
                company.id,
            )
        )

    @api.model
    def _refresh_where(self, condition):
        """Set the residual and overdue amounts of the lines matching the SQL
        ``condition`` (on alias ``l``) to what their invoices owe today; only
        the lines whose amounts changed are written, and the stored amounts of
        their communications are recomputed.

        :return: the communications whose amounts changed
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH current AS (
                    SELECT l.id,
                           COALESCE(SUM(aml.amount_residual_currency), 0)
                               AS residual,
                           COALESCE(SUM(aml.amount_residual_currency)
                                    FILTER (WHERE aml.date_maturity < %(today)s),
                                    0) AS overdue
                      FROM recouvrement_communication_line l
                      LEFT JOIN (account_move_line aml
                                 JOIN account_move am ON am.id = aml.move_id
                                 JOIN account_account aa ON aa.id = aml.account_id)
                             ON aml.move_id = l.move_id
                            AND %(open_receivable)s
                     WHERE %(condition)s
                     GROUP BY l.id
                )
                UPDATE recouvrement_communication_line l
                   SET amount_residual = current.residual,
                       amount_overdue = current.overdue,
                       write_uid = %(uid)s,
                       write_date = %(now)s
                  FROM current
                 WHERE l.id = current.id
                   AND (l.amount_residual IS DISTINCT FROM current.residual
                        OR l.amount_overdue IS DISTINCT FROM current.overdue)
             RETURNING l.id, l.communication_id
                """,
                today=fields.Date.context_today(self),
                open_receivable=open_receivable_sql(),
                condition=condition,
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return self.env["recouvrement.communication"]
        lines = self.browse([row[0] for row in rows])
        lines.invalidate_recordset(
            ["amount_residual", "amount_overdue", "write_uid", "write_date"]
        )
        # the communications' stored sums of these amounts
        communications = self.env["recouvrement.communication"].browse(
            {row[1] for row in rows}
        )
        communications.invalidate_recordset(["open_line_ids"])
        for name in (
            "amount_residual",
            "amount_overdue",
            "max_days_late",
            "amount_net",
        ):
            self.env.add_to_compute(communications._fields[name], communications)
        return communications

    def _apply_to_invoices(self):
        """Write the new level and the reminder date on the invoices, grouped
        so that one UPDATE serves many invoices (no invoice line to
        synchronise: these fields are the dunning's, not the accounting's)."""
        groups = {}
        for line in self:
            level = (
                line.level_id
                if line.raises_level
                else line.move_id.recouvrement_level_id
            )
            key = (level.id, line.date)
            groups.setdefault(key, self.env["account.move"])
            groups[key] |= line.move_id
        for (level_id, date), moves in groups.items():
            moves.with_context(skip_invoice_sync=True).write(
                {
                    "recouvrement_level_id": level_id,
                    "recouvrement_last_date": date,
                    "recouvrement_postponed_until": False,
                }
            )
