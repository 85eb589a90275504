from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.litigation import (
    OPEN_PAYMENT_STATES,
    enforcement_deadline,
    opposition_deadline,
    service_deadline,
)

# (activity type, deadline field, field that says the step is done)
DEADLINE_ACTIVITIES = (
    (
        "account_recouvrement_litigation.mail_activity_type_case_service",
        "service_deadline",
        "date_served",
    ),
    (
        "account_recouvrement_litigation.mail_activity_type_case_opposition",
        "opposition_deadline",
        "date_enforcement_requested",
    ),
    (
        "account_recouvrement_litigation.mail_activity_type_case_enforcement",
        "enforcement_deadline",
        "date_enforcement_requested",
    ),
)


class RecouvrementCaseWorkflow(models.AbstractModel):
    """The life of a litigation case: its statutory deadlines and their
    activities, the interruption of the prescription, opening and closing,
    the doubtful receivables it books, and the navigation to its invoices."""

    _name = "recouvrement.case.workflow"
    _description = "Litigation Case: Workflow"

    @api.depends("date_order", "date_served")
    def _compute_deadlines(self):
        for case in self:
            case.service_deadline = service_deadline(case.date_order)
            case.opposition_deadline = opposition_deadline(case.date_served)
            case.enforcement_deadline = enforcement_deadline(case.date_served)

    def _overdue_milestone_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "open"),
            "|",
            "&",
            "&",
            ("service_deadline", "<", today),
            ("date_served", "=", False),
            ("date_judgement", "=", False),
            "&",
            ("enforcement_deadline", "<", today),
            ("date_enforcement_requested", "=", False),
        ]

    @api.depends(
        "state",
        "service_deadline",
        "date_served",
        "enforcement_deadline",
        "date_enforcement_requested",
    )
    def _compute_milestone_overdue(self):
        overdue = self.filtered("id").filtered_domain(self._overdue_milestone_domain())
        for case in self:
            case.milestone_overdue = case in overdue

    def _search_milestone_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue milestones."))
        domain = self._overdue_milestone_domain()
        if (operator == "=") == value:
            return domain
        return [("id", "not in", self._search(domain))]

    def _sync_deadline_activities(self):
        """One activity per statutory deadline, on the deadline: moved when
        the date typed changes, done when the step is, removed when the date
        is cleared or the case closed."""
        for case in self:
            for xmlid, deadline_field, done_field in DEADLINE_ACTIVITIES:
                activity_type = self.env.ref(xmlid)
                activities = case.activity_ids.filtered(
                    lambda a, t=activity_type: a.activity_type_id == t
                )
                deadline = case[deadline_field]
                if case.state != "open" or not deadline:
                    activities.unlink()
                elif case[done_field]:
                    activities.action_feedback(
                        feedback=self.env._("Done on %(date)s.", date=case[done_field])
                    )
                elif activities:
                    activities.write(
                        {"date_deadline": deadline, "user_id": case.user_id.id}
                    )
                elif not (deadline_field == "service_deadline" and case.date_judgement):
                    case.activity_schedule(
                        xmlid,
                        date_deadline=deadline,
                        user_id=(case.user_id or self.env.user).id,
                    )

    def _interrupt_prescription(self):
        """Filing the claim interrupts the prescription of the invoices
        (art. 2241 C. civ.): it runs again from the filing."""
        for case in self.filtered(lambda c: c.date_filed and c.state == "open"):
            case.move_ids.filtered(
                lambda m, d=case.date_filed: (
                    not m.recouvrement_acknowledgement_date
                    or m.recouvrement_acknowledgement_date < d
                )
            ).write({"recouvrement_acknowledgement_date": case.date_filed})

    # ------------------------------------------------------------------
    # Open and close
    # ------------------------------------------------------------------

    def _lock(self, allowed):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM recouvrement_case WHERE id = ANY(%s) FOR UPDATE",
            [self.ids],
        )
        self.invalidate_recordset(["state"])
        self._check_state(allowed)

    def action_open(self):
        """The case is opened: its invoices leave the ordinary dunning (and
        the reminders waiting to be sent) until it is closed."""
        self._lock(("draft",))
        self._check_moves()
        today = fields.Date.context_today(self)
        for case in self:
            values = {"state": "open", "date_open": today}
            if not case.stage_id or case.stage_id.is_closed:
                values["stage_id"] = self._default_stage().id
            case.write(values)
            case.move_ids._recouvrement_exclude(
                self.env._("Litigation case %(case)s", case=case.name),
                source="litigation",
                origin=case,
                keep_level=True,
            )
            case._sync_deadline_activities()
            case._interrupt_prescription()
            case.message_post(
                body=self.env._(
                    "Litigation case opened: %(count)s invoices, %(amount)s left to "
                    "pay. They leave the dunning until the case is closed.",
                    count=len(case.move_ids),
                    amount=case.currency_id.format(
                        sum(case.move_ids.mapped("amount_residual"))
                    ),
                )
            )
        return True

    def action_close(self, outcome=None):
        """Close the case with its outcome: recovered, settled (the invoices
        are chased again for what may remain) or irrecoverable (they stay out
        of the dunning, to be written off)."""
        outcome = outcome or self.env.context.get("recouvrement_outcome")
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        if outcome not in outcomes:
            raise UserError(
                self.env._(
                    "Close a litigation case as recovered, settled or irrecoverable."
                )
            )
        self._lock(("open",))
        closed_stage = self.env["recouvrement.stage"].search(
            [("is_closed", "=", True)], limit=1
        )
        if not closed_stage:
            raise UserError(self.env._("No closing stage is defined."))
        today = fields.Date.context_today(self)
        self.with_context(recouvrement_closing=True).write(
            {
                "state": "closed",
                "outcome": outcome,
                "stage_id": closed_stage.id,
                "date_closed": today,
            }
        )
        self._sync_deadline_activities()
        for case in self:
            if outcome != "irrecoverable":
                case.move_ids._recouvrement_include(source="litigation", origin=case)
            case.message_post(
                body=self.env._(
                    "Litigation case closed: %(outcome)s.",
                    outcome=outcomes[outcome].lower(),
                )
            )
        return True

    # ------------------------------------------------------------------
    # Doubtful receivables in the books (PCG): the case calls, for its
    # invoices, the entries of account.move (411 → 416, provision, write-off)
    # ------------------------------------------------------------------

    def _books_moves(self):
        """The case's invoices still to be followed in the books: not
        written off, with something owed on 411 or on 416."""
        return self.move_ids.filtered(
            lambda m: (
                m.recouvrement_doubtful_state != "written_off"
                and (
                    m.recouvrement_doubtful_state == "doubtful"
                    or m.payment_state in OPEN_PAYMENT_STATES
                )
            )
        )

    @api.depends(
        "move_ids.recouvrement_doubtful_entry_ids",
        "move_ids.recouvrement_provision_amount",
        "move_ids.recouvrement_doubtful_residual",
    )
    def _compute_books(self):
        for case in self:
            moves = case.move_ids._origin
            case.entry_ids = moves.recouvrement_doubtful_entry_ids
            case.entry_count = len(case.entry_ids)
            case.amount_provision = sum(moves.mapped("recouvrement_provision_amount"))
            case.amount_doubtful = sum(moves.mapped("recouvrement_doubtful_residual"))

    def action_transfer_doubtful(self):
        """Transfer what the case's invoices still owe, incl. VAT, from the
        customer account (411) to the doubtful receivables (416)."""
        self._lock(("open",))
        for case in self:
            moves = case.move_ids.filtered(
                lambda m: (
                    not m.recouvrement_doubtful_move_id
                    and m.payment_state in OPEN_PAYMENT_STATES
                )
            )
            if not moves:
                raise UserError(
                    self.env._(
                        "The invoices of %(case)s are already doubtful receivables "
                        "or paid: there is nothing to transfer.",
                        case=case.name,
                    )
                )
            entries = moves._recouvrement_transfer_doubtful()
            case.message_post(
                body=self.env._(
                    "Transferred to doubtful receivables (416): %(entries)s.",
                    entries=", ".join(entries.mapped("name")),
                )
            )
        return True

    def action_provision(self, rate=None):
        """Provision the case's doubtful receivables at ``rate`` percent (the
        case's provision rate when not given) of what they still owe excl.
        VAT: only the difference with the provision booked is posted."""
        self._lock(("open", "closed"))
        for case in self:
            value = case.provision_rate if rate is None else rate
            moves = case.move_ids.filtered(
                lambda m: m.recouvrement_doubtful_state == "doubtful"
            )
            if not moves:
                raise UserError(
                    self.env._(
                        "Transfer the invoices of %(case)s to doubtful receivables "
                        "before provisioning them.",
                        case=case.name,
                    )
                )
            # the rate is checked (0 to 100 %) before anything is posted
            entries = moves._recouvrement_provision(value)
            if rate is not None:
                case.provision_rate = value
            if entries:
                case.message_post(
                    body=self.env._(
                        "Provision at %(rate)s %%: %(amount)s (%(entries)s).",
                        rate=f"{value:g}",
                        amount=case.company_id.currency_id.format(
                            sum(moves.mapped("recouvrement_provision_amount"))
                        ),
                        entries=", ".join(entries.mapped("name")),
                    )
                )
        return True

    def action_write_off(self):
        """Write the claims of a case closed as irrecoverable off: the
        invoices not yet doubtful are first transferred to 416, then each is
        written off (654 and the VAT credit note) and its provision
        reversed."""
        self._check_can_write_off()
        self._lock(("closed",))
        for case in self:
            moves = case._books_moves()
            if not moves:
                raise UserError(
                    self.env._(
                        "Nothing remains owed on the invoices of %(case)s: there is "
                        "nothing to write off.",
                        case=case.name,
                    )
                )
            to_transfer = moves.filtered(lambda m: not m.recouvrement_doubtful_move_id)
            if to_transfer:
                to_transfer._recouvrement_transfer_doubtful()
            entries = moves._recouvrement_write_off()
            case.message_post(
                body=self.env._(
                    "Written off as irrecoverable: %(entries)s.",
                    entries=", ".join(entries.mapped("name")),
                )
            )
        return True

    def action_view_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_journal_line"
        )
        action["domain"] = [("id", "in", self.entry_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.move_ids.ids)]
        action["context"] = {"create": False}
        return action
