from odoo import fields, models


class RecouvrementExclusion(models.Model):
    _inherit = "recouvrement.exclusion"

    # the exclusions of a litigation case stay in the history if this addon
    # goes: they read as manual ones then
    source = fields.Selection(
        selection_add=[("litigation", "Litigation")],
        ondelete={"litigation": "set default"},
    )
