from odoo import fields, models


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
        help="The invoice's level once this communication is sent.",
    )
    previous_level_id = fields.Many2one(
        comodel_name="recouvrement.level",
        string="Previous level",
    )
    raises_level = fields.Boolean(
        help="The invoice reached a new level with this communication; the "
        "other lines are overdue invoices listed alongside.",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
    )
    invoice_date = fields.Date()
    date_due = fields.Date(
        string="Due date",
        help="The oldest open due date of the invoice.",
    )
    days_late = fields.Integer()
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
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT aml.move_id,
                   COALESCE(SUM(aml.amount_residual_currency), 0),
                   COALESCE(SUM(aml.amount_residual_currency)
                            FILTER (WHERE aml.date_maturity < %(today)s), 0)
              FROM account_move_line aml
              JOIN account_account aa ON aa.id = aml.account_id
             WHERE aml.move_id = ANY(%(moves)s)
               AND aa.account_type = 'asset_receivable'
               AND NOT aml.reconciled
             GROUP BY aml.move_id
            """,
            {"moves": self.move_id.ids, "today": fields.Date.context_today(self)},
        )
        amounts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for line in self:
            residual, overdue = amounts.get(line.move_id.id, (0.0, 0.0))
            if line.currency_id.compare_amounts(residual, line.amount_residual) or (
                line.currency_id.compare_amounts(overdue, line.amount_overdue)
            ):
                line.write({"amount_residual": residual, "amount_overdue": overdue})

    def _apply_to_invoices(self):
        """Write the new level and the reminder date on the invoices, grouped
        so that one UPDATE serves many invoices."""
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
            moves.write(
                {
                    "recouvrement_level_id": level_id,
                    "recouvrement_last_date": date,
                    "recouvrement_postponed_until": False,
                }
            )
