from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

PLAN_WIZARD_ACTION = "account_recouvrement_payment_plan.action_recouvrement_plan_wizard"


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------
    # Payment plans: the plans of an invoice, and the active one
    # ------------------------------------------------------------------

    recouvrement_plan_ids = fields.Many2many(
        comodel_name="recouvrement.plan",
        relation="recouvrement_plan_account_move_rel",
        column1="move_id",
        column2="plan_id",
        string="Payment plans",
        readonly=True,
        copy=False,
    )
    recouvrement_plan_id = fields.Many2one(
        comodel_name="recouvrement.plan",
        string="Payment plan",
        compute="_compute_recouvrement_plan_id",
        store=True,
        index="btree_not_null",
        copy=False,
        help="The active payment plan that covers the invoice: out of the "
        "dunning while it is honoured.",
    )

    recouvrement_plan_banner = fields.Char(
        string="Payment plan banner",
        compute="_compute_recouvrement_plan_banner",
    )

    @api.depends("recouvrement_plan_id.name", "recouvrement_plan_id.signed_date")
    def _compute_recouvrement_plan_banner(self):
        for move in self:
            plan = move.recouvrement_plan_id
            move.recouvrement_plan_banner = plan and self.env._(
                "Under the payment plan %(plan)s signed on %(date)s: this invoice "
                "is out of the dunning while the plan is honoured.",
                plan=plan.name,
                date=format_date(self.env, plan.signed_date),
            )

    @api.depends("recouvrement_plan_ids.state")
    def _compute_recouvrement_plan_id(self):
        for move in self:
            move.recouvrement_plan_id = move.recouvrement_plan_ids.filtered(
                lambda plan: plan.state == "active"
            )[:1]

    def action_recouvrement_create_plan(self):
        """The "Payment plan" button and list action."""
        action = self.env["ir.actions.act_window"]._for_xml_id(PLAN_WIZARD_ACTION)
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    def action_recouvrement_view_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_payment_plan.action_recouvrement_plan"
        )
        action["domain"] = [("move_ids", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # The core's extension points
    # ------------------------------------------------------------------

    def _recouvrement_check_free(self, taker):
        """An invoice under an active payment plan goes to no other plan and
        to no litigation case until the plan is breached or cancelled."""
        result = super()._recouvrement_check_free(taker)
        for move in self:
            plan = move.recouvrement_plan_id
            if not plan or plan == taker:
                continue
            if taker._name == "recouvrement.plan":
                raise UserError(
                    self.env._(
                        "%(invoice)s is already under the active payment plan "
                        "%(plan)s.",
                        invoice=move.name,
                        plan=plan.name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(invoice)s is under the active payment plan %(plan)s: it "
                    "is taken in only once the plan is breached or cancelled.",
                    invoice=move.name,
                    plan=plan.name,
                )
            )
        return result

    def _recouvrement_free_sql(self, alias="am"):
        return [
            *super()._recouvrement_free_sql(alias),
            SQL("%s.recouvrement_plan_id IS NULL", SQL.identifier(alias)),
        ]

    @api.depends("recouvrement_plan_id")
    def _compute_recouvrement_held(self):
        # an active plan releases its invoices itself, when it is honoured
        # to the end or broken
        result = super()._compute_recouvrement_held()
        for move in self.filtered("recouvrement_plan_id"):
            move.recouvrement_held = True
        return result

    def _recouvrement_interest_suspended(self):
        # an active plan that suspends the interest while it is honoured (the
        # plans are read with the invoices' prefetch)
        return super()._recouvrement_interest_suspended() | self.filtered(
            lambda move: move.recouvrement_plan_id.suspend_interest
        )
