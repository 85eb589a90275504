from odoo import fields, models

from ..lib.litigation import PROCEDURES


class RecouvrementStage(models.Model):
    """A stage of a litigation case (the columns of the cases' kanban): from
    the formal notice to the court procedure, its enforcement, and the
    closing."""

    _name = "recouvrement.stage"
    _description = "Litigation Stage"
    _order = "sequence, id"

    name = fields.Char(
        required=True,
        translate=True,
    )
    sequence = fields.Integer(
        default=10,
    )
    fold = fields.Boolean(
        string="Folded in the kanban",
    )
    is_closed = fields.Boolean(
        string="Closing stage",
        help="A case reaches this stage when it is closed, with its outcome "
        "(recovered, settled or irrecoverable).",
    )
    procedure = fields.Selection(
        selection=PROCEDURES,
        help="The procedure this stage stands for (for information: the "
        "credit controller moves the case from stage to stage).",
    )
    description = fields.Text(
        translate=True,
    )
    active = fields.Boolean(
        default=True,
    )
