from odoo import Command, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..lib.plan import ScheduleError, schedule


class RecouvrementPlanTerms(models.AbstractModel):
    """What a payment plan may cover and how it is scheduled: the invoices
    it takes in, the instalments as they will be signed, and the schedule
    computed from its terms (``lib.plan``). Part of ``recouvrement.plan``."""

    _name = "recouvrement.plan.terms"
    _description = "Payment Plan: Invoices and Schedule"

    def _check_moves(self, paid_ok=False):
        """The invoices a plan may cover: posted customer invoices of its
        customer, in its currency and company, not paid (unless
        ``paid_ok``), free of what the other records of the suite hold
        (``account.move._recouvrement_check_free``)."""
        for plan in self:
            moves = plan.move_ids
            if not moves:
                raise UserError(
                    self.env._("Choose the invoices the payment plan covers.")
                )
            wrong = moves.filtered(
                lambda move: move.move_type != "out_invoice" or move.state != "posted"
            )
            if wrong:
                raise UserError(
                    self.env._(
                        "A payment plan covers posted customer invoices only, not "
                        "%(names)s.",
                        names=", ".join(wrong.mapped("display_name")),
                    )
                )
            if len(moves.commercial_partner_id) > 1 or (
                moves.commercial_partner_id != plan.partner_id.commercial_partner_id
            ):
                raise UserError(
                    self.env._(
                        "A payment plan covers the invoices of one customer: "
                        "%(customers)s.",
                        customers=", ".join(
                            moves.commercial_partner_id.mapped("display_name")
                        ),
                    )
                )
            if len(moves.currency_id) > 1 or moves.currency_id != plan.currency_id:
                raise UserError(
                    self.env._(
                        "A payment plan covers invoices in one currency: "
                        "%(currencies)s.",
                        currencies=", ".join(moves.currency_id.mapped("name")),
                    )
                )
            if moves.company_id != plan.company_id:
                raise UserError(
                    self.env._(
                        "A payment plan covers invoices of its own company only."
                    )
                )
            for move in moves:
                plan._check_move(move, paid_ok)

    def _check_move(self, move, paid_ok):
        if not paid_ok and move.currency_id.is_zero(move.amount_residual):
            raise UserError(
                self.env._(
                    "%(invoice)s is paid: there is nothing left to schedule.",
                    invoice=move.name,
                )
            )
        move._recouvrement_check_free(self)

    def _check_lines(self):
        """The schedule as it will be signed: instalments, each positive and
        due once the plan is made, adding up to the amount scheduled."""
        for plan in self:
            currency = plan.currency_id
            if not plan.line_ids:
                raise UserError(
                    self.env._(
                        "%(plan)s has no instalment: compute the schedule.",
                        plan=plan.name,
                    )
                )
            for line in plan.line_ids:
                if currency.compare_amounts(line.amount, 0) <= 0:
                    raise UserError(
                        self.env._(
                            "Each instalment must be positive (instalment due on "
                            "%(date)s).",
                            date=format_date(self.env, line.date_due),
                        )
                    )
                if line.date_due < plan.date:
                    raise UserError(
                        self.env._(
                            "An instalment cannot fall due on %(date)s, before the "
                            "plan is made (%(made)s).",
                            date=format_date(self.env, line.date_due),
                            made=format_date(self.env, plan.date),
                        )
                    )
            if currency.compare_amounts(plan.lines_total, plan.amount_total):
                raise UserError(
                    self.env._(
                        "The instalments add up to %(lines)s, not to the amount "
                        "scheduled (%(total)s): correct them or recompute the "
                        "schedule.",
                        lines=currency.format(plan.lines_total),
                        total=currency.format(plan.amount_total),
                    )
                )

    def _check_residual_unchanged(self):
        """Before the customer signs, the plan schedules exactly what the
        invoices have left to pay."""
        for plan in self:
            if plan.currency_id.compare_amounts(
                plan.amount_total, plan.amount_residual
            ):
                raise UserError(
                    self.env._(
                        "The invoices now have %(residual)s left to pay, not the "
                        "%(total)s scheduled: recompute the schedule.",
                        residual=plan.currency_id.format(plan.amount_residual),
                        total=plan.currency_id.format(plan.amount_total),
                    )
                )

    def _check_state(self, allowed):
        wrong = self.filtered(lambda plan: plan.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "This cannot be done on a payment plan that is %(state)s "
                    "(%(names)s).",
                    state=states[wrong[0].state].lower(),
                    names=", ".join(wrong.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Schedule
    # ------------------------------------------------------------------

    def _replace_lines(self):
        """The instalments computed from the terms, instead of the lines."""
        self.ensure_one()
        currency = self.currency_id
        try:
            instalments = schedule(
                self.amount_total,
                self.installment_count,
                self.interval,
                self.first_date,
                currency.decimal_places,
                self.down_payment,
            )
        except ScheduleError as error:
            raise UserError(self._schedule_error(error.code)) from error
        self.line_ids = [Command.delete(line.id) for line in self.line_ids] + [
            Command.create(
                {
                    "sequence": instalment.sequence,
                    "date_due": instalment.date_due,
                    "amount": instalment.amount,
                }
            )
            for instalment in instalments
        ]

    def _schedule_error(self, code):
        currency = self.currency_id
        if code == "amount":
            return self.env._("The amount scheduled must be positive.")
        if code == "count":
            return self.env._("A payment plan needs at least one instalment.")
        if code == "down_payment":
            return self._down_payment_message()
        if code == "too_many":
            return self.env._(
                "%(count)s instalments are too many for %(total)s: each would be "
                "less than the currency's smallest unit.",
                count=self.installment_count,
                total=currency.format(self.amount_total - self.down_payment),
            )
        return self.env._("Choose weekly, monthly or quarterly instalments.")

    def action_compute_lines(self):
        """The schedule computed again from the terms, for what the invoices
        have left to pay today (the lines typed by hand are replaced)."""
        self._check_state(("draft",))
        for plan in self:
            plan._check_moves()
            plan.amount_total = plan.amount_residual
            plan._replace_lines()
        return True
