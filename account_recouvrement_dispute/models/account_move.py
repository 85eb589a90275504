from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

MANAGER_GROUP = "account_recouvrement_base.group_recouvrement_manager"


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------
    # Disputes: the open dispute, and the credit notes that settle them
    # ------------------------------------------------------------------

    recouvrement_dispute_ids = fields.One2many(
        comodel_name="recouvrement.dispute",
        inverse_name="move_id",
        string="Disputes",
        readonly=True,
    )
    recouvrement_dispute_id = fields.Many2one(
        comodel_name="recouvrement.dispute",
        string="Open dispute",
        compute="_compute_recouvrement_dispute_id",
        store=True,
        index="btree_not_null",
        copy=False,
    )
    recouvrement_dispute_reason_id = fields.Many2one(
        related="recouvrement_dispute_id.reason_id",
        string="Dispute reason",
    )
    recouvrement_dispute_user_id = fields.Many2one(
        related="recouvrement_dispute_id.user_id",
        string="Dispute owner",
    )
    recouvrement_dispute_banner = fields.Char(
        string="Dispute banner",
        compute="_compute_recouvrement_dispute_banner",
    )
    recouvrement_dispute_origin_id = fields.Many2one(
        comodel_name="recouvrement.dispute",
        string="Settles the dispute",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The dispute this credit note settles.",
    )

    @api.depends("recouvrement_dispute_ids.state")
    def _compute_recouvrement_dispute_id(self):
        for move in self:
            move.recouvrement_dispute_id = move.recouvrement_dispute_ids.filtered(
                lambda dispute: dispute.state == "open"
            )[:1]

    @api.depends("recouvrement_dispute_id.reason_id", "recouvrement_dispute_id.user_id")
    def _compute_recouvrement_dispute_banner(self):
        for move in self:
            dispute = move.recouvrement_dispute_id
            move.recouvrement_dispute_banner = dispute and self.env._(
                "Disputed (%(reason)s, followed by %(owner)s): this invoice is out "
                "of the dunning until the dispute is settled.",
                reason=dispute.reason_id.name,
                owner=dispute.user_id.name,
            )

    def _post(self, soft=True):
        """A credit note that settles a dispute is posted by a dunning
        manager; once posted, what remains due on the invoice is chased
        again."""
        settling = self.filtered("recouvrement_dispute_origin_id")
        if settling and not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._(
                    "Only a dunning manager can post a credit note that settles a "
                    "dispute (%(names)s).",
                    names=", ".join(settling.mapped("display_name")),
                )
            )
        posted = super()._post(soft=soft)
        for credit_note in posted & settling:
            dispute = credit_note.recouvrement_dispute_origin_id
            dispute.move_id._recouvrement_include(source="dispute", origin=dispute)
        return posted

    def action_recouvrement_open_dispute(self):
        """The "Open a dispute" button and list action."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open a dispute"),
            "res_model": "recouvrement.dispute.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_ids": self.ids},
        }

    def action_recouvrement_view_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_dispute.action_recouvrement_dispute"
        )
        action["domain"] = [("move_id", "=", self.id)]
        action["context"] = {"default_move_id": self.id}
        return action

    # ------------------------------------------------------------------
    # The core's extension points
    # ------------------------------------------------------------------

    @api.depends("recouvrement_dispute_id")
    def _compute_recouvrement_held(self):
        # an open dispute releases the invoice itself when it is settled
        result = super()._compute_recouvrement_held()
        for move in self.filtered("recouvrement_dispute_id"):
            move.recouvrement_held = True
        return result

    def _recouvrement_check_free(self, taker):
        """A disputed invoice is scheduled or taken to court only once the
        dispute is settled."""
        result = super()._recouvrement_check_free(taker)
        for move in self.filtered("recouvrement_dispute_id"):
            dispute = move.recouvrement_dispute_id
            if taker._name == "recouvrement.case":
                message = self.env._(
                    "%(invoice)s is disputed (%(dispute)s): settle the dispute "
                    "before going to court.",
                    invoice=move.name,
                    dispute=dispute.name,
                )
            elif taker._name == "recouvrement.plan":
                message = self.env._(
                    "%(invoice)s is disputed (%(dispute)s): settle the dispute "
                    "before scheduling its payment.",
                    invoice=move.name,
                    dispute=dispute.name,
                )
            else:
                message = self.env._(
                    "%(invoice)s is disputed (%(dispute)s): settle the dispute first.",
                    invoice=move.name,
                    dispute=dispute.name,
                )
            raise UserError(message)
        return result

    def _recouvrement_free_sql(self, alias="am"):
        return [
            *super()._recouvrement_free_sql(alias),
            SQL("%s.recouvrement_dispute_id IS NULL", SQL.identifier(alias)),
        ]
