from odoo import api, fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = [
        "account.move",
        "recouvrement.doubtful.transfer",
        "recouvrement.doubtful.settlement",
    ]

    # ------------------------------------------------------------------
    # Doubtful receivables (PCG): 411 → 416, provision 6817/491, write-off
    # 654 with the VAT regularisation (CGI 272). The litigation case calls
    # these methods per invoice; each entry points back to its invoice
    # through recouvrement_doubtful_origin_id.
    # ------------------------------------------------------------------

    recouvrement_doubtful_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Transfer to doubtful receivables",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The entry that moved what remained due from the customer "
        "account (411) to the doubtful receivables (416).",
    )
    recouvrement_doubtful_line_id = fields.Many2one(
        comodel_name="account.move.line",
        string="Doubtful receivable line",
        readonly=True,
        copy=False,
        help="The 416 line that carries the claim after the transfer: the "
        "invoice is settled on 411, the payments received later are "
        "reconciled with this line.",
    )
    recouvrement_doubtful_residual = fields.Monetary(
        string="Doubtful amount still owed",
        currency_field="currency_id",
        compute="_compute_recouvrement_doubtful",
        store=True,
        help="What remains open on the 416 line, in the invoice's currency, incl. VAT.",
    )
    recouvrement_doubtful_state = fields.Selection(
        selection=[
            ("doubtful", "Doubtful receivable"),
            ("recovered", "Recovered"),
            ("written_off", "Written off"),
        ],
        string="Doubtful receivable",
        compute="_compute_recouvrement_doubtful",
        store=True,
        index="btree_not_null",
    )
    recouvrement_provision_rate = fields.Float(
        string="Provision rate (%)",
        readonly=True,
        copy=False,
    )
    recouvrement_provision_amount = fields.Monetary(
        string="Provision",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="The impairment booked on 491: the amount still owed excl. VAT "
        "(in the company's currency) × the provision rate.",
    )
    recouvrement_provision_move_ids = fields.Many2many(
        comodel_name="account.move",
        relation="recouvrement_provision_move_rel",
        column1="move_id",
        column2="provision_move_id",
        string="Provision entries",
        readonly=True,
        copy=False,
    )
    recouvrement_write_off_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Write-off credit note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The credit note that wrote the irrecoverable receivable off "
        "(654) and regularised its VAT (CGI art. 272).",
    )
    recouvrement_doubtful_origin_id = fields.Many2one(
        comodel_name="account.move",
        string="Doubtful receivable of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The invoice this transfer, provision, payment transfer or "
        "write-off entry is about.",
    )
    recouvrement_doubtful_kind = fields.Selection(
        selection=[
            ("transfer", "Transfer to doubtful receivables"),
            ("provision", "Provision"),
            ("provision_reversal", "Provision reversal"),
            ("payment", "Payment of a doubtful receivable"),
            ("write_off", "Write-off"),
        ],
        string="Litigation entry",
        readonly=True,
        copy=False,
    )
    recouvrement_doubtful_entry_ids = fields.One2many(
        comodel_name="account.move",
        inverse_name="recouvrement_doubtful_origin_id",
        string="Doubtful receivable entries",
        readonly=True,
    )
    recouvrement_doubtful_entry_count = fields.Integer(
        string="Litigation entries",
        compute="_compute_recouvrement_doubtful_entry_count",
    )

    @api.depends(
        "recouvrement_doubtful_line_id.amount_residual_currency",
        "recouvrement_write_off_move_id",
    )
    def _compute_recouvrement_doubtful(self):
        for move in self:
            line = move.recouvrement_doubtful_line_id
            move.recouvrement_doubtful_residual = line.amount_residual_currency
            if move.recouvrement_write_off_move_id:
                move.recouvrement_doubtful_state = "written_off"
            elif not line:
                move.recouvrement_doubtful_state = False
            elif move.currency_id.is_zero(line.amount_residual_currency):
                move.recouvrement_doubtful_state = "recovered"
            else:
                move.recouvrement_doubtful_state = "doubtful"

    @api.depends("recouvrement_doubtful_entry_ids")
    def _compute_recouvrement_doubtful_entry_count(self):
        for move in self:
            move.recouvrement_doubtful_entry_count = len(
                move.recouvrement_doubtful_entry_ids
            )

    def action_recouvrement_view_doubtful_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_journal_line"
        )
        action["domain"] = [("recouvrement_doubtful_origin_id", "=", self.id)]
        action["context"] = {"create": False}
        action["name"] = self.env._("Litigation entries")
        return action

    def action_recouvrement_apply_doubtful_payment(self):
        """The "Apply a payment" button of a doubtful receivable."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply payments to a doubtful receivable"),
            "res_model": "recouvrement.doubtful.payment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    # ------------------------------------------------------------------
    # Litigation: the cases of an invoice, and the one in progress
    # ------------------------------------------------------------------

    recouvrement_case_ids = fields.Many2many(
        comodel_name="recouvrement.case",
        relation="recouvrement_case_account_move_rel",
        column1="move_id",
        column2="case_id",
        string="Litigation cases",
        readonly=True,
        copy=False,
    )
    recouvrement_case_id = fields.Many2one(
        comodel_name="recouvrement.case",
        string="Litigation case",
        compute="_compute_recouvrement_case_id",
        store=True,
        index="btree_not_null",
        copy=False,
        help="The litigation case in progress on the invoice (the last one "
        "when all are closed): out of the dunning while it is open.",
    )

    @api.depends("recouvrement_case_ids.state")
    def _compute_recouvrement_case_id(self):
        for move in self:
            cases = move.recouvrement_case_ids.sorted("id", reverse=True)
            move.recouvrement_case_id = (
                cases.filtered(lambda case: case.state == "open")[:1] or cases[:1]
            )

    def action_recouvrement_open_case(self):
        """The "Litigation case" button and list action."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_litigation.action_recouvrement_case_wizard"
        )
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    def action_recouvrement_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_litigation.action_recouvrement_case"
        )
        action["domain"] = [("move_ids", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # The core's extension points
    # ------------------------------------------------------------------

    @api.depends(
        "recouvrement_doubtful_line_id.matched_credit_ids.max_date",
        "recouvrement_doubtful_line_id.matched_credit_ids.credit_move_id.move_id",
    )
    def _compute_recouvrement_last_payment_date(self):
        return super()._compute_recouvrement_last_payment_date()

    def _recouvrement_payment_partials(self):
        """The transfer to doubtful receivables settles the invoice on 411
        without the debtor paying; after it, the payments are carried to the
        416 line."""
        self.ensure_one()
        partials = (
            super()
            ._recouvrement_payment_partials()
            .filtered(
                lambda partial: (
                    partial.credit_move_id.move_id.recouvrement_doubtful_origin_id
                    != self
                )
            )
        )
        return (
            partials
            | self.recouvrement_doubtful_line_id.matched_credit_ids.filtered(
                lambda partial: (
                    partial.credit_move_id.move_id.recouvrement_doubtful_kind
                    == "payment"
                )
            )
        )

    def _recouvrement_free_sql(self, alias="am"):
        """No litigation case holds the invoice."""
        return [
            *super()._recouvrement_free_sql(alias),
            SQL("%s.recouvrement_case_id IS NULL", SQL.identifier(alias)),
        ]
