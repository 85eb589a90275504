from odoo import Command, fields, models
from odoo.exceptions import UserError

TODO_ACTIVITY = "mail.mail_activity_data_todo"
ACKNOWLEDGEMENT_TEMPLATE = (
    "account_recouvrement_dispute.mail_template_dispute_acknowledgement"
)
OUTCOME_TEMPLATE = "account_recouvrement_dispute.mail_template_dispute_outcome"


class RecouvrementDisputeWorkflow(models.AbstractModel):
    """How a dispute is settled: justified (a credit note), rejected or
    cancelled (the invoice chased again), and what the customer is told.
    Part of ``recouvrement.dispute``."""

    _name = "recouvrement.dispute.workflow"
    _description = "Dispute: Settlement"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _check_open(self):
        closed = self.filtered(lambda dispute: dispute.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "These disputes are already settled: %(names)s.",
                    names=", ".join(closed.mapped("name")),
                )
            )

    def _lock(self):
        """Two users settling the same dispute: the second waits for the
        first, then finds it settled."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM recouvrement_dispute WHERE id = ANY(%s) FOR UPDATE",
            [self.ids],
        )
        self.invalidate_recordset(["state"])
        self._check_open()

    def _close(self, state, **vals):
        self.write(
            {
                "state": state,
                "resolution_date": fields.Date.context_today(self),
                **vals,
            }
        )
        self.activity_unlink([TODO_ACTIVITY])

    def action_resolve_justified(self, amount=None):
        """The customer is right: a credit note in draft, for the disputed
        amount (or ``amount``), for a manager to review and post. The
        invoice stays out of dunning until the credit note is posted; then
        what remains due is chased again."""
        self._lock()
        for dispute in self:
            credit = dispute.amount if amount is None else amount
            currency = dispute.currency_id
            if currency.compare_amounts(credit, 0) <= 0 or (
                currency.compare_amounts(credit, dispute.move_id.amount_residual) > 0
            ):
                raise UserError(
                    self.env._(
                        "The credit note of %(dispute)s must be positive and at "
                        "most what remains due (%(residual)s).",
                        dispute=dispute.name,
                        residual=currency.format(dispute.move_id.amount_residual),
                    )
                )
            credit_note = dispute._create_credit_note(credit)
            dispute._close("justified", credit_note_id=credit_note.id, amount=credit)
            dispute.move_id.recouvrement_exclusion_ids.filtered(
                lambda exc, d=dispute: exc.active and exc.origin_ref == d
            ).write(
                {
                    "reason": self.env._(
                        "Dispute %(dispute)s justified: credit note %(credit_note)s "
                        "to post",
                        dispute=dispute.name,
                        credit_note=credit_note.display_name,
                    )
                }
            )
        return True

    def _create_credit_note(self, amount):
        """The invoice reversed in draft, scaled to ``amount`` (VAT
        included) when the dispute covers part of it."""
        self.ensure_one()
        move = self.move_id
        credit_note = move.sudo()._reverse_moves(
            [
                {
                    "ref": self.env._(
                        "Dispute %(dispute)s on %(invoice)s",
                        dispute=self.name,
                        invoice=move.name,
                    ),
                    "invoice_date": fields.Date.context_today(self),
                    "recouvrement_dispute_origin_id": self.id,
                }
            ],
            cancel=False,
        )
        if move.currency_id.compare_amounts(amount, move.amount_total) < 0:
            ratio = amount / move.amount_total
            credit_note.write(
                {
                    "invoice_line_ids": [
                        Command.update(
                            line.id,
                            {
                                "price_unit": move.currency_id.round(
                                    line.price_unit * ratio
                                )
                            },
                        )
                        for line in credit_note.invoice_line_ids
                        if line.display_type == "product"
                    ]
                }
            )
        return credit_note.sudo(False)

    def action_reject(self):
        """The customer is wrong: the invoice is chased again at the level
        it had, late from its original due date."""
        self._lock()
        self._close("rejected")
        self._release()
        return True

    def action_cancel(self):
        """Opened by mistake, or withdrawn by the customer."""
        self._lock()
        self._close("cancelled")
        self._release()
        return True

    def _release(self):
        for dispute in self:
            dispute.move_id._recouvrement_include(source="dispute", origin=dispute)

    def action_send_acknowledgement(self):
        """Tell the customer the dispute is registered (Odoo's composer, with
        the acknowledgement template)."""
        return self._composer(ACKNOWLEDGEMENT_TEMPLATE)

    def action_send_outcome(self):
        """Tell the customer how the dispute was settled."""
        if self.filtered(lambda dispute: dispute.state == "open"):
            raise UserError(
                self.env._(
                    "Settle the dispute before telling the customer its outcome."
                )
            )
        return self._composer(OUTCOME_TEMPLATE)

    def _composer(self, template_xmlid):
        self.ensure_one()
        template = self.env.ref(template_xmlid)
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
        }
