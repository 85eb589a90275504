from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

PROPOSAL_REPORT = (
    "account_recouvrement_payment_plan.action_report_recouvrement_plan_proposal"
)
PROPOSAL_TEMPLATE = "account_recouvrement_payment_plan.mail_template_plan_proposal"


class RecouvrementPlanWorkflow(models.AbstractModel):
    """The life of a payment plan: proposed to the customer, signed (its
    invoices leave the dunning), then paid off, breached or cancelled. Part
    of ``recouvrement.plan``."""

    _name = "recouvrement.plan.workflow"
    _description = "Payment Plan: Proposal, Signature and End"

    signatory_name = fields.Char(
        string="Signed by",
        compute="_compute_signatory",
        help="Who signs the plan's letters and emails: the company's signatory "
        "of the reminders when set, else the plan's credit controller.",
    )
    signatory_title = fields.Char(
        string="Signatory's title",
        compute="_compute_signatory",
    )

    @api.depends(
        "user_id",
        "company_id.recouvrement_signatory_name",
        "company_id.recouvrement_signatory_title",
    )
    def _compute_signatory(self):
        """As the reminders: the company's signatory when set, else the
        credit controller who follows the plan, never a technical user."""
        for plan in self:
            plan.signatory_name, plan.signatory_title = (
                plan.company_id._recouvrement_signatory(plan.user_id)
            )

    # ------------------------------------------------------------------
    # Proposal
    # ------------------------------------------------------------------

    def action_propose(self):
        """The proposal letter (an acknowledgement of debt for the customer
        to sign) rendered and archived on the plan; then, for one plan whose
        customer has an email, Odoo's composer with the letter attached."""
        self._check_state(("draft",))
        self._check_moves()
        self._check_lines()
        self._check_residual_unchanged()
        self.write(
            {"state": "proposed", "proposal_date": fields.Date.context_today(self)}
        )
        for plan in self:
            attachment = plan._render_proposal()
            plan.message_post(
                body=self.env._(
                    "Payment plan proposed: %(count)s instalments, %(total)s.",
                    count=len(plan.line_ids),
                    total=plan.currency_id.format(plan.amount_total),
                ),
                attachment_ids=attachment.ids,
            )
        if len(self) == 1 and self.recipient_id.email:
            return self._proposal_composer()
        return True

    def _render_proposal(self):
        self.ensure_one()
        name = self.env._(
            "Payment plan proposal %(reference)s - %(customer)s.pdf",
            reference=self.name,
            customer=self.partner_id.name,
        )
        return self.env["ir.actions.report"]._recouvrement_archive_pdf(
            PROPOSAL_REPORT, self, name, field="proposal_attachment_id"
        )

    def _proposal_composer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": self.env.ref(PROPOSAL_TEMPLATE).id,
                "default_composition_mode": "comment",
                "default_attachment_ids": [
                    Command.set(self.proposal_attachment_id.ids)
                ],
                "force_email": True,
            },
        }

    def action_send_proposal(self):
        """Send the proposal (again) by email."""
        self._check_state(("proposed",))
        return self._proposal_composer()

    def action_print_proposal(self):
        """The proposal letter as it was archived, to print and post."""
        self.ensure_one()
        if not self.proposal_attachment_id:
            raise UserError(self.env._("Propose the plan first."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.proposal_attachment_id.id}?download=true",
            "target": "download",
        }

    def action_draft(self):
        """The customer asks for other terms: back to draft."""
        self._check_state(("proposed",))
        self.write({"state": "draft"})
        return True

    # ------------------------------------------------------------------
    # Activation
    # ------------------------------------------------------------------

    def _lock(self, allowed):
        """Two users acting on the same plan: the second waits for the
        first, then finds its new state."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM recouvrement_plan WHERE id = ANY(%s) FOR UPDATE",
            [self.ids],
        )
        self.invalidate_recordset(["state"])
        self._check_state(allowed)

    def action_activate(self, signed_date=None):
        """The customer signed: the invoices leave the ordinary dunning while
        the plan is honoured, and their prescription restarts from the
        signature (art. 2240 C. civ.). Two plans activated at once on one
        invoice: the unique index on the active plan exclusions lets only
        one through."""
        self._lock(("draft", "proposed"))
        today = fields.Date.context_today(self)
        for plan in self:
            day = fields.Date.to_date(signed_date) or plan.signed_date or today
            if day > today:
                raise UserError(
                    self.env._(
                        "The plan cannot be signed on a future date (%(date)s).",
                        date=format_date(self.env, day),
                    )
                )
            if day < plan.date:
                raise UserError(
                    self.env._(
                        "The plan cannot be signed on %(date)s, before it was made "
                        "(%(made)s).",
                        date=format_date(self.env, day),
                        made=format_date(self.env, plan.date),
                    )
                )
            plan._check_moves(paid_ok=True)
            plan._check_lines()
            if plan.state == "draft":
                plan._check_residual_unchanged()
            if plan.currency_id.is_zero(plan.amount_residual):
                raise UserError(
                    self.env._(
                        "The invoices of %(plan)s are paid: there is nothing left "
                        "to schedule.",
                        plan=plan.name,
                    )
                )
            plan.write({"state": "active", "signed_date": day})
            plan.move_ids._recouvrement_exclude(
                self.env._("Payment plan %(plan)s", plan=plan.name),
                source="payment_plan",
                origin=plan,
                keep_level=True,
            )
            plan.move_ids.filtered(
                lambda move, d=day: (
                    not move.recouvrement_acknowledgement_date
                    or move.recouvrement_acknowledgement_date < d
                )
            ).write({"recouvrement_acknowledgement_date": day})
            plan.message_post(
                body=self.env._(
                    "Payment plan signed on %(date)s: the invoices leave the "
                    "dunning while it is honoured.",
                    date=format_date(self.env, day),
                )
            )
        return True

    # ------------------------------------------------------------------
    # End
    # ------------------------------------------------------------------

    def _release(self):
        for plan in self:
            plan.move_ids._recouvrement_include(source="payment_plan", origin=plan)

    def action_cancel(self):
        """Given up before it is signed, or ended by agreement: an active
        plan's invoices are chased again from the level they had."""
        self._lock(("draft", "proposed", "active"))
        active = self.filtered(lambda plan: plan.state == "active")
        (self - active).write({"state": "cancelled"})
        active.write(
            {"state": "cancelled", "close_date": fields.Date.context_today(self)}
        )
        active._release()
        return True

    def _mark_done(self, today=None):
        """Every invoice paid: the plan is honoured."""
        self.write(
            {"state": "done", "close_date": today or fields.Date.context_today(self)}
        )
        self._release()
        for plan in self:
            plan.message_post(body=self.env._("Every instalment is paid."))
