from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..lib.litigation import (
    OPEN_PAYMENT_STATES,
    dates_out_of_order,
)


class RecouvrementCaseCheck(models.AbstractModel):
    """What a litigation case refuses: a provision rate out of bounds, dates
    out of order, invoices it may not take in, a step its state does not
    allow."""

    _name = "recouvrement.case.check"
    _description = "Litigation Case: Checks"

    @api.constrains("provision_rate")
    def _check_provision_rate(self):
        for case in self:
            if not 0.0 <= case.provision_rate <= 100.0:
                raise ValidationError(
                    self.env._(
                        "The provision rate must be between 0 and 100 %% "
                        "(%(rate)s %% on %(case)s).",
                        rate=case.provision_rate,
                        case=case.name,
                    )
                )

    @api.constrains(
        "date_filed",
        "date_order",
        "date_served",
        "date_judgement",
        "date_enforcement_requested",
    )
    def _check_dates(self):
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in ("date_filed", "date_order", "date_served", "date_judgement")
        }
        today = fields.Date.context_today(self)
        for case in self:
            for name in (*labels, "date_enforcement_requested"):
                if case[name] and case[name] > today:
                    raise ValidationError(
                        self.env._(
                            "%(milestone)s cannot be a future date (%(date)s).",
                            milestone=self._fields[name]._description_string(self.env),
                            date=format_date(self.env, case[name]),
                        )
                    )
            wrong = dates_out_of_order(
                case.date_filed, case.date_order, case.date_served, case.date_judgement
            )
            if wrong:
                later, earlier = wrong
                raise ValidationError(
                    self.env._(
                        "The dates of %(case)s are out of order: “%(later)s” "
                        "(%(later_date)s) comes before “%(earlier)s” "
                        "(%(earlier_date)s).",
                        case=case.name,
                        later=labels[later],
                        later_date=format_date(self.env, case[later]),
                        earlier=labels[earlier],
                        earlier_date=format_date(self.env, case[earlier]),
                    )
                )
            if (
                case.date_enforcement_requested
                and case.date_served
                and case.date_enforcement_requested < case.date_served
            ):
                raise ValidationError(
                    self.env._(
                        "The formule exécutoire cannot be asked for before the "
                        "order is served (%(date)s).",
                        date=format_date(self.env, case.date_served),
                    )
                )

    def _check_moves(self, paid_ok=False):
        """The invoices of a case: posted customer invoices of one customer,
        in one currency and one company, still to be paid, in no other open
        case, and free of what the addons hold
        (``account.move._recouvrement_check_free``)."""
        for case in self:
            moves = case.move_ids._origin
            if not moves:
                raise UserError(
                    self.env._("Choose the invoices the litigation case is about.")
                )
            wrong = moves.filtered(
                lambda m: m.move_type != "out_invoice" or m.state != "posted"
            )
            if wrong:
                raise UserError(
                    self.env._(
                        "A litigation case is about posted customer invoices, not "
                        "%(names)s.",
                        names=", ".join(wrong.mapped("display_name")),
                    )
                )
            if len(moves.commercial_partner_id) > 1:
                raise UserError(
                    self.env._(
                        "A litigation case is about the invoices of one customer, "
                        "not %(names)s.",
                        names=", ".join(moves.commercial_partner_id.mapped("name")),
                    )
                )
            if moves.commercial_partner_id != case.partner_id:
                raise UserError(
                    self.env._(
                        "The invoices are not %(customer)s's.",
                        customer=case.partner_id.name,
                    )
                )
            if len(moves.currency_id) > 1 or moves.currency_id != case.currency_id:
                raise UserError(
                    self.env._(
                        "A litigation case is about invoices in one currency, not "
                        "%(currencies)s.",
                        currencies=", ".join(
                            (moves.currency_id | case.currency_id).mapped("name")
                        ),
                    )
                )
            if moves.company_id != case.company_id:
                raise UserError(
                    self.env._(
                        "A litigation case is about invoices of its own company."
                    )
                )
            charges = moves.filtered("recouvrement_is_charge")
            if charges:
                raise UserError(
                    self.env._(
                        "%(names)s bills late-payment charges: the statement of a "
                        "case counts the charges with the invoices they were "
                        "charged on.",
                        names=", ".join(charges.mapped("name")),
                    )
                )
            paid = moves.filtered(lambda m: m.payment_state not in OPEN_PAYMENT_STATES)
            if paid and not paid_ok:
                raise UserError(
                    self.env._(
                        "%(names)s has nothing left to pay: a litigation case is "
                        "about unpaid invoices.",
                        names=", ".join(paid.mapped("name")),
                    )
                )
            for move in moves:
                case._check_move_free(move)

    def _check_move_free(self, move):
        other = move.recouvrement_case_ids.filtered(
            lambda c: c.state == "open" and c != self
        )
        if other:
            raise UserError(
                self.env._(
                    "%(invoice)s is already in the litigation case %(case)s.",
                    invoice=move.name,
                    case=other[0].name,
                )
            )
        move._recouvrement_check_free(self)

    def _check_state(self, allowed):
        wrong = self.filtered(lambda case: case.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "This cannot be done on a litigation case that is %(state)s "
                    "(%(names)s).",
                    state=states[wrong[0].state].lower(),
                    names=", ".join(wrong.mapped("name")),
                )
            )

    def _check_can_write_off(self):
        """A claim is written off only once the case is closed as
        irrecoverable."""
        for case in self:
            if not (
                case.state == "closed"
                and case.stage_id.is_closed
                and case.outcome == "irrecoverable"
            ):
                raise UserError(
                    self.env._(
                        "%(case)s is not closed as irrecoverable: only the claims "
                        "of a case closed as irrecoverable are written off.",
                        case=case.name,
                    )
                )
