from odoo import fields, models


class RecouvrementExclusion(models.Model):
    _inherit = "recouvrement.exclusion"

    # the exclusions of a plan stay in the history if this addon goes: they
    # read as manual ones then
    source = fields.Selection(
        selection_add=[("payment_plan", "Payment plan")],
        ondelete={"payment_plan": "set default"},
    )

    # two users activating plans on one invoice at once: the second insert
    # waits for the first transaction, then fails
    _one_active_plan_per_invoice = models.UniqueIndex(
        "(move_id) WHERE active AND source = 'payment_plan'",
        "This invoice is already under an active payment plan.",
    )
