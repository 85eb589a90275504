from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.litigation import CASE_STATES, OUTCOMES, PROCEDURES

MILESTONE_FIELDS = {
    "date_filed",
    "date_order",
    "date_served",
    "date_judgement",
    "date_enforcement_requested",
    "user_id",
}


class RecouvrementCase(models.Model):
    """A litigation case (dossier contentieux): the overdue invoices of one
    customer, taken out of the ordinary dunning and followed through the
    formal notice, the court procedure and its enforcement, up to their
    outcome. Its statement (décompte) is computed: the principal of each
    invoice, the late interest and indemnities of the charges engine, the
    procedure costs recorded on the case and the payments received since it
    was opened, imputed first on the interest (art. 1343-1 C. civ.)."""

    _name = "recouvrement.case"
    _description = "Litigation Case"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "recouvrement.case.check",
        "recouvrement.case.statement",
        "recouvrement.case.workflow",
        "recouvrement.case.pieces",
    ]
    _order = "date_open desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    debtor_type = fields.Selection(
        related="partner_id.recouvrement_debtor_type",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    move_ids = fields.Many2many(
        comodel_name="account.move",
        relation="recouvrement_case_account_move_rel",
        column1="case_id",
        column2="move_id",
        string="Invoices",
        check_company=True,
        copy=False,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id), "
        "('currency_id', '=', currency_id), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    move_count = fields.Integer(
        string="Number of invoices",
        compute="_compute_move_count",
    )
    state = fields.Selection(
        selection=CASE_STATES,
        required=True,
        default="draft",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    stage_id = fields.Many2one(
        comodel_name="recouvrement.stage",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_read_group_stage_ids",
        default=lambda self: self._default_stage(),
        ondelete="restrict",
    )
    stage_is_closed = fields.Boolean(
        related="stage_id.is_closed",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit controller",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who follows the case: the deadline activities are theirs.",
    )
    lawyer_id = fields.Many2one(
        comodel_name="res.partner",
        tracking=True,
    )
    bailiff_id = fields.Many2one(
        comodel_name="res.partner",
        string="Commissaire de justice",
        tracking=True,
        help="The commissaire de justice (formerly huissier) who serves the "
        "order and enforces it, or recovers a small claim.",
    )
    procedure = fields.Selection(
        selection=PROCEDURES,
        tracking=True,
        help="Small claims (CPCE L125-1) up to 5 000 € interest included; "
        "otherwise an injonction de payer before the tribunal de commerce "
        "against a professional (Cerfa 12946), before the tribunal judiciaire "
        "against a consumer (Cerfa 12948); a référé-provision or a summons "
        "when the debt is contested.",
    )
    proposed_procedure = fields.Selection(
        selection=PROCEDURES,
        compute="_compute_statement",
        help="The road the module proposes from the claim (principal and "
        "interest) and the debtor type.",
    )
    outcome = fields.Selection(
        selection=OUTCOMES,
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_open = fields.Date(
        string="Opened on",
        readonly=True,
        copy=False,
    )
    date_closed = fields.Date(
        string="Closed on",
        readonly=True,
        copy=False,
    )
    note = fields.Html()

    # milestones
    date_filed = fields.Date(
        string="Claim filed on",
        tracking=True,
        copy=False,
        help="The day the claim was filed with the court (requête, "
        "assignation): it interrupts the prescription of the invoices "
        "(art. 2241 C. civ.).",
    )
    date_order = fields.Date(
        string="Order made on",
        tracking=True,
        copy=False,
        help="The day the judge made the order (ordonnance d'injonction de "
        "payer): it must be served within six months (CPC 1411).",
    )
    service_deadline = fields.Date(
        string="Serve before",
        compute="_compute_deadlines",
        store=True,
        help="Six months after the order (CPC 1411): an order not served by "
        "then is void.",
    )
    date_served = fields.Date(
        string="Served on",
        tracking=True,
        copy=False,
        help="The day the commissaire de justice served the order on the debtor.",
    )
    opposition_deadline = fields.Date(
        compute="_compute_deadlines",
        store=True,
        help="One month after the service (CPC 1416): the debtor may oppose "
        "the order until then.",
    )
    enforcement_deadline = fields.Date(
        string="Ask for the formule exécutoire before",
        compute="_compute_deadlines",
        store=True,
        help="One month after the opposition deadline (CPC 1422, 1423): the "
        "creditor asks the court to make the order enforceable.",
    )
    date_enforcement_requested = fields.Date(
        string="Formule exécutoire asked on",
        tracking=True,
        copy=False,
    )
    date_judgement = fields.Date(
        string="Judgement on",
        tracking=True,
        copy=False,
    )
    milestone_overdue = fields.Boolean(
        string="Overdue milestone",
        compute="_compute_milestone_overdue",
        search="_search_milestone_overdue",
        help="The order is not served six months after it was made, or the "
        "formule exécutoire not asked for one month after the opposition "
        "deadline.",
    )
    prescription_date = fields.Date(
        compute="_compute_prescription_date",
        help="The earliest prescription date of the invoices, restarted from "
        "the filing of the claim (art. 2241 C. civ.).",
    )

    # statement
    cost_ids = fields.One2many(
        comodel_name="recouvrement.case.cost",
        inverse_name="case_id",
        string="Cost lines",
        copy=False,
    )
    amount_principal = fields.Monetary(
        string="Principal",
        currency_field="currency_id",
        compute="_compute_statement",
        help="What the invoices had left to pay when the case was opened "
        "(today's residual for a draft case).",
    )
    amount_interest = fields.Monetary(
        string="Interest",
        currency_field="currency_id",
        compute="_compute_statement",
        help="Late interest up to today, by the charges engine (the charges "
        "already billed included).",
    )
    amount_indemnity = fields.Monetary(
        string="Recovery indemnities",
        currency_field="currency_id",
        compute="_compute_statement",
        help="The fixed indemnity of 40 € per invoice to a professional "
        "(C. com. D441-5).",
    )
    amount_costs = fields.Monetary(
        string="Procedure costs",
        currency_field="currency_id",
        compute="_compute_statement",
    )
    amount_recovered = fields.Monetary(
        string="Recovered",
        currency_field="currency_id",
        compute="_compute_statement",
        help="The payments received on the invoices since the case was "
        "opened: imputed first on the interest, then on the principal "
        "(art. 1343-1 C. civ.).",
    )
    amount_balance = fields.Monetary(
        string="Balance",
        currency_field="currency_id",
        compute="_compute_statement",
    )
    statement_html = fields.Html(
        string="Statement detail",
        compute="_compute_statement",
        sanitize=False,
        help="Each invoice's principal, and its interest by period and rate.",
    )
    statement_warning = fields.Char(
        compute="_compute_statement",
    )
    case_file_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Case file (ZIP)",
        readonly=True,
        copy=False,
        help="The last case file downloaded: the case file PDF with the "
        "invoices, letters and proofs stored in Odoo.",
    )
    entry_ids = fields.Many2many(
        comodel_name="account.move",
        string="Litigation entries",
        compute="_compute_books",
        help="The entries of the invoices as doubtful receivables: transfer to "
        "416, provisions, payments carried to 416, write-off.",
    )
    entry_count = fields.Integer(
        string="Entries",
        compute="_compute_books",
    )
    amount_provision = fields.Monetary(
        string="Provision",
        currency_field="company_currency_id",
        compute="_compute_books",
        help="The impairment booked on 491 for the case's invoices.",
    )
    amount_doubtful = fields.Monetary(
        string="Doubtful receivables (416)",
        compute="_compute_books",
        help="What the invoices still owe on the doubtful receivables account.",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id",
        string="Company currency",
    )
    provision_rate = fields.Float(
        string="Provision rate (%)",
        digits=(5, 2),
        tracking=True,
        copy=False,
        help="The part of the receivable (excluding VAT) at risk: provisioned "
        "as a doubtful receivable.",
    )

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------

    @api.model
    def _default_stage(self):
        return self.env["recouvrement.stage"].search(
            [("is_closed", "=", False)], limit=1
        )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([("active", "=", True)], order=stages._order)

    @api.depends("move_ids")
    def _compute_move_count(self):
        for case in self:
            case.move_count = len(case.move_ids)

    @api.depends("move_ids.recouvrement_prescription_date")
    def _compute_prescription_date(self):
        for case in self:
            case.prescription_date = min(
                case.move_ids.mapped("recouvrement_prescription_date") or [False]
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            moves = self.new({"move_ids": vals.get("move_ids", [])}).move_ids._origin
            if moves:
                vals.setdefault("partner_id", moves[0].commercial_partner_id.id)
                vals.setdefault("currency_id", moves[0].currency_id.id)
                vals.setdefault("company_id", moves[0].company_id.id)
            # refused before anything is created
            self.new(vals)._check_moves()
        cases = super().create(vals_list)
        for case in cases:
            case.name = self.env["ir.sequence"].next_by_code("recouvrement.case") or "/"
        return cases

    def write(self, vals):
        if "move_ids" in vals and self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._(
                    "The invoices of a litigation case are changed only while it "
                    "is a draft."
                )
            )
        if "stage_id" in vals and not self.env.context.get("recouvrement_closing"):
            stage = self.env["recouvrement.stage"].browse(vals["stage_id"])
            if stage.is_closed:
                raise UserError(
                    self.env._(
                        "Close the case with its outcome (recovered, settled or "
                        "irrecoverable) to move it to “%(stage)s”.",
                        stage=stage.name,
                    )
                )
            if self.filtered(lambda c: c.state == "closed"):
                raise UserError(self.env._("A closed litigation case stays closed."))
        result = super().write(vals)
        if "move_ids" in vals:
            self._check_moves()
        if MILESTONE_FIELDS & set(vals):
            self._sync_deadline_activities()
            if "date_filed" in vals:
                self._interrupt_prescription()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda case: case.state != "draft"):
            raise UserError(
                self.env._(
                    "Litigation cases are kept for the history once opened: close "
                    "them instead of deleting them."
                )
            )
