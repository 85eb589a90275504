from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date


class RecouvrementPrescription(models.AbstractModel):
    """The prescription of an invoice's claim (C. com. L110-4, C. consom.
    L218-2, C. civ. 2240 to 2244): when it falls, restarted by the last
    payment or acknowledgement, and the warning before it does. Methods of
    ``account.move``, which inherits them (its fields hold the dates)."""

    _name = "recouvrement.prescription"
    _description = "Invoice: Prescription"

    @api.depends(
        "line_ids.matched_credit_ids.max_date",
        "line_ids.matched_credit_ids.credit_move_id.move_id.move_type",
    )
    def _compute_recouvrement_last_payment_date(self):
        for move in self:
            move.recouvrement_last_payment_date = max(
                move._recouvrement_payment_partials().mapped("max_date"),
                default=False,
            )

    def _recouvrement_payment_partials(self):
        """The reconciliations by which the debtor paid the invoice: those
        of its receivable lines, but a credit note's (it settles the invoice
        without the debtor paying). Extension point: an addon whose entries
        settle the invoice otherwise, or carry its payments elsewhere, takes
        them out or adds them (``super()`` first)."""
        self.ensure_one()
        receivable = self.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        return receivable.matched_credit_ids.filtered(
            lambda partial: partial.credit_move_id.move_id.move_type != "out_refund"
        )

    @api.depends(
        "invoice_date",
        "invoice_date_due",
        "move_type",
        "recouvrement_last_payment_date",
        "recouvrement_acknowledgement_date",
        "commercial_partner_id.recouvrement_debtor_type",
        "company_id.recouvrement_prescription_years_pro",
        "company_id.recouvrement_prescription_years_consumer",
    )
    def _compute_recouvrement_prescription_date(self):
        for move in self:
            if move.move_type != "out_invoice" or not move.invoice_date_due:
                move.recouvrement_prescription_date = False
                continue
            company = move.company_id
            if move.commercial_partner_id.recouvrement_debtor_type == "consumer":
                # C. conso. L218-2: from the performance, the invoice date
                years = company.recouvrement_prescription_years_consumer
                start = move.invoice_date or move.invoice_date_due
            else:
                # C. com. L110-4: from the day the debt is due
                years = company.recouvrement_prescription_years_pro
                start = move.invoice_date_due
            # C. civ. 2240: an acknowledgement (a payment included) restarts it
            start = max(
                day
                for day in (
                    start,
                    move.recouvrement_last_payment_date,
                    move.recouvrement_acknowledgement_date,
                )
                if day
            )
            move.recouvrement_prescription_date = start + relativedelta(years=years)

    @api.constrains("recouvrement_acknowledgement_date", "invoice_date")
    def _check_recouvrement_acknowledgement_date(self):
        today = fields.Date.context_today(self)
        for move in self:
            day = move.recouvrement_acknowledgement_date
            if not day:
                continue
            if day > today:
                raise ValidationError(
                    self.env._(
                        "The prescription of %(invoice)s cannot be interrupted on "
                        "a future date (%(date)s).",
                        invoice=move.display_name,
                        date=format_date(self.env, day),
                    )
                )
            if move.invoice_date and day < move.invoice_date:
                raise ValidationError(
                    self.env._(
                        "The prescription of %(invoice)s cannot be interrupted "
                        "before the invoice date (%(date)s).",
                        invoice=move.display_name,
                        date=format_date(self.env, move.invoice_date),
                    )
                )

    @api.model
    def _recouvrement_prescription_watch(self, today=None):
        """An activity for the credit controller before an open invoice is
        time-barred (once per invoice)."""
        today = today or fields.Date.context_today(self)
        groups = self.env["res.company"]._read_group(
            [], aggregates=["recouvrement_prescription_warning_days:max"]
        )
        longest = groups[0][0] or 0
        moves = self.search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("recouvrement_prescription_date", "!=", False),
                (
                    "recouvrement_prescription_date",
                    "<=",
                    today + relativedelta(days=longest),
                ),
            ]
        ).filtered(
            lambda m: (
                # warned once per prescription date: a restarted one is warned again
                m.recouvrement_prescription_warned_date
                != m.recouvrement_prescription_date
                and m.recouvrement_prescription_date
                <= today
                + relativedelta(
                    days=m.company_id.recouvrement_prescription_warning_days
                )
            )
        )
        for move in moves:
            move.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=self.env._(
                    "Time-barred on %(date)s: interrupt the prescription "
                    "(acknowledgement of debt, court claim)",
                    date=move.recouvrement_prescription_date,
                ),
                user_id=(move.invoice_user_id or self.env.user).id,
            )
        for move in moves:
            move.recouvrement_prescription_warned_date = (
                move.recouvrement_prescription_date
            )
        return moves
