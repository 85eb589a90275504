from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Payment plans: the customer's plans
    # ------------------------------------------------------------------

    recouvrement_plan_count = fields.Integer(
        string="Payment plans",
        compute="_compute_recouvrement_plan_count",
        groups="account_recouvrement_base.group_recouvrement_user",
    )

    def _compute_recouvrement_plan_count(self):
        data = self.env["recouvrement.plan"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in data}
        for partner in self:
            partner.recouvrement_plan_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    def action_recouvrement_view_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_payment_plan.action_recouvrement_plan"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action
