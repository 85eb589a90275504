from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

EXCLUSION_SOURCES = [
    ("manual", "Manual"),
]


class RecouvrementExclusion(models.Model):
    """Why an invoice is kept out of dunning.

    Generic on purpose: disputes, payment plans, litigation cases and
    factoring create one with their own ``source`` (each addon adds its own);
    the invoice is excluded while at least one active exclusion exists.
    Exclusions are closed (``active`` False, ``date_end``), never deleted, so
    the history stays.
    """

    _name = "recouvrement.exclusion"
    _description = "Dunning Exclusion"
    _order = "date_start desc, id desc"
    _rec_name = "reason"

    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="move_id.company_id",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id",
        string="Customer",
    )
    source = fields.Selection(
        selection=EXCLUSION_SOURCES,
        required=True,
        default="manual",
    )
    origin_ref = fields.Reference(
        selection="_selection_origin_model",
        string="Origin",
        help="The record (dispute, payment plan, litigation case, factoring "
        "batch) that excludes the invoice.",
    )
    reason = fields.Char(
        required=True,
    )
    active = fields.Boolean(
        default=True,
    )
    date_start = fields.Date(
        string="From",
        required=True,
        default=fields.Date.context_today,
    )
    date_end = fields.Date(
        string="Until",
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="By",
        default=lambda self: self.env.user,
        readonly=True,
    )

    @api.model
    def _selection_origin_model(self):
        # any model: disputes, payment plans and factoring come from other
        # addons; the column keeps "model,id" whatever the model
        return [
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([])
        ]

    @api.constrains("reason")
    def _check_reason(self):
        for exclusion in self:
            if not (exclusion.reason or "").strip():
                raise ValidationError(
                    self.env._("An exclusion from dunning needs a reason.")
                )

    @api.constrains("move_id")
    def _check_move(self):
        for exclusion in self:
            if exclusion.move_id.move_type not in ("out_invoice", "out_refund"):
                raise ValidationError(
                    self.env._("Only customer invoices can be excluded from dunning.")
                )

    def action_close(self):
        """End the exclusion: the invoice is chased again by the next run."""
        self.filtered("active").write(
            {"active": False, "date_end": fields.Date.context_today(self)}
        )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Dunning exclusions are kept for the history: close them instead "
                "of deleting them."
            )
        )
