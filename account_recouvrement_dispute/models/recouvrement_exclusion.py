from odoo import fields, models


class RecouvrementExclusion(models.Model):
    _inherit = "recouvrement.exclusion"

    # the exclusions of a dispute stay in the history if this addon goes: they
    # read as manual ones then
    source = fields.Selection(
        selection_add=[("dispute", "Dispute")],
        ondelete={"dispute": "set default"},
    )
