from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.account_recouvrement_base.lib.receivable import (
    open_receivable_sql,
)
from odoo.addons.account_recouvrement_dispute.models.res_partner import (
    INSOLVENCY_STATES,
)
from odoo.addons.account_recouvrement_litigation.lib.doubtful import open_doubtful_sql

from ..lib import aging
from ..lib.receivables_query import RECEIVABLE_MOVE_TYPES, insolvency_state_at_sql


class RecouvrementReceivableAnalysis(models.Model):
    """Open receivables today, one row per open receivable line, for the
    pivot and graph views (aged buckets, levels, customers, salespeople,
    disputes, insolvency proceedings, payment plans, litigation). A customer
    whose open lines net to zero (an invoice and its open credit note) owes
    nothing: left out."""

    _name = "recouvrement.receivable.analysis"
    _description = "Receivables Analysis"
    _auto = False
    _order = "date_maturity, id"
    _rec_name = "move_id"
    _depends = {
        "account.move": [
            "state",
            "move_type",
            "commercial_partner_id",
            "invoice_user_id",
            "company_id",
            "recouvrement_level_id",
            "recouvrement_dispute_id",
            "recouvrement_plan_id",
            "recouvrement_case_id",
            "recouvrement_factor_batch_id",
            "recouvrement_factor_return_move_id",
            "recouvrement_doubtful_line_id",
            "recouvrement_doubtful_origin_id",
            "recouvrement_provision_amount",
            "invoice_date",
            "invoice_date_due",
        ],
        "recouvrement.case": ["state", "stage_id"],
        "recouvrement.factor.batch": ["state"],
        "recouvrement.dispute": ["reason_id", "user_id"],
        "res.partner": [
            "recouvrement_insolvency_state",
            "recouvrement_insolvency_date",
        ],
        "account.move.line": [
            "move_id",
            "account_id",
            "date",
            "date_maturity",
            "amount_residual",
            "reconciled",
            "company_currency_id",
        ],
    }

    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        readonly=True,
    )
    move_type = fields.Selection(
        selection=[("out_invoice", "Invoice"), ("out_refund", "Credit note")],
        string="Type",
        readonly=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        readonly=True,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        string="Company currency",
        readonly=True,
    )
    level_id = fields.Many2one(
        comodel_name="recouvrement.level",
        string="Dunning level",
        readonly=True,
    )
    invoice_date = fields.Date(
        string="Invoice date",
        readonly=True,
    )
    disputed = fields.Boolean(
        readonly=True,
        help="The invoice has an open dispute.",
    )
    dispute_reason_id = fields.Many2one(
        comodel_name="recouvrement.dispute.reason",
        string="Dispute reason",
        readonly=True,
    )
    dispute_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Dispute owner",
        readonly=True,
    )
    under_plan = fields.Boolean(
        string="Under a payment plan",
        readonly=True,
        help="The invoice is covered by an active payment plan.",
    )
    plan_id = fields.Many2one(
        comodel_name="recouvrement.plan",
        string="Payment plan",
        readonly=True,
    )
    in_litigation = fields.Boolean(
        string="In litigation",
        readonly=True,
        help="The invoice is in an open litigation case.",
    )
    case_id = fields.Many2one(
        comodel_name="recouvrement.case",
        string="Litigation case",
        readonly=True,
    )
    case_stage_id = fields.Many2one(
        comodel_name="recouvrement.stage",
        string="Litigation stage",
        readonly=True,
    )
    factor_batch_id = fields.Many2one(
        comodel_name="recouvrement.factor.batch",
        string="Factoring batch",
        readonly=True,
        help="The batch that transfers (or transferred) the document to the factor.",
    )
    factoring = fields.Selection(
        selection=[
            ("none", "Not factored"),
            ("to_transfer", "To transfer to the factor"),
            ("factored", "Factored"),
            ("returned", "Returned by the factor"),
        ],
        readonly=True,
    )
    insolvency_state = fields.Selection(
        selection=INSOLVENCY_STATES,
        string="Insolvency proceedings",
        readonly=True,
    )
    date_maturity = fields.Date(
        string="Due date",
        readonly=True,
    )
    days_late = fields.Integer(
        string="Days late",
        readonly=True,
        aggregator="max",
        help="Days past the due date today (zero or negative: not due).",
    )
    bucket = fields.Selection(
        selection=aging.BUCKET_SELECTION,
        string="Aged bucket",
        readonly=True,
    )
    amount_residual = fields.Monetary(
        string="Residual",
        currency_field="currency_id",
        readonly=True,
        help="Amount still due, in company currency.",
    )
    amount_provision = fields.Monetary(
        string="Provision",
        currency_field="currency_id",
        readonly=True,
        help="The provision booked on 491 for a doubtful receivable, on its "
        "416 line, in company currency.",
    )
    amount_overdue = fields.Monetary(
        string="Overdue",
        currency_field="currency_id",
        readonly=True,
    )
    amount_not_due = fields.Monetary(
        string="Not due",
        currency_field="currency_id",
        readonly=True,
    )

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT open_line.*,
                   %(bucket)s AS bucket,
                   CASE WHEN days_late > 0 THEN amount_residual ELSE 0 END
                       AS amount_overdue,
                   CASE WHEN days_late > 0 THEN 0 ELSE amount_residual END
                       AS amount_not_due
              FROM (
                   SELECT aml.id AS id,
                          am.id AS move_id,
                          am.move_type AS move_type,
                          am.commercial_partner_id AS partner_id,
                          am.invoice_user_id AS user_id,
                          am.company_id AS company_id,
                          aml.company_currency_id AS currency_id,
                          am.recouvrement_level_id AS level_id,
                          am.invoice_date AS invoice_date,
                          am.recouvrement_dispute_id IS NOT NULL AS disputed,
                          rd.reason_id AS dispute_reason_id,
                          rd.user_id AS dispute_user_id,
                          am.recouvrement_plan_id IS NOT NULL AS under_plan,
                          am.recouvrement_plan_id AS plan_id,
                          rc.id IS NOT NULL AS in_litigation,
                          rc.id AS case_id,
                          rc.stage_id AS case_stage_id,
                          fb.id AS factor_batch_id,
                          CASE WHEN fb.id IS NULL THEN 'none'
                               WHEN am.recouvrement_factor_return_move_id
                                    IS NOT NULL THEN 'returned'
                               WHEN fb.state = 'accounted' THEN 'factored'
                               ELSE 'to_transfer' END AS factoring,
                          COALESCE(%(insolvency_state)s, 'none')
                              AS insolvency_state,
                          COALESCE(aml.date_maturity, am.invoice_date_due, aml.date)
                              AS date_maturity,
                          %(today)s::date - COALESCE(
                              aml.date_maturity, am.invoice_date_due, aml.date
                          ) AS days_late,
                          aml.amount_residual AS amount_residual,
                          CASE WHEN aml.id = am.recouvrement_doubtful_line_id
                               THEN COALESCE(am.recouvrement_provision_amount, 0)
                               ELSE 0 END AS amount_provision,
                          SUM(aml.amount_residual) OVER (
                              PARTITION BY am.commercial_partner_id, am.company_id
                          ) AS partner_balance
                     FROM account_move_line aml
                     JOIN account_move lm ON lm.id = aml.move_id
                     -- a doubtful receivable's 416 line counts for its invoice
                     JOIN account_move am
                       ON am.id = COALESCE(lm.recouvrement_doubtful_origin_id, lm.id)
                     JOIN account_account aa ON aa.id = aml.account_id
                     JOIN res_partner rp ON rp.id = am.commercial_partner_id
                     LEFT JOIN recouvrement_dispute rd
                            ON rd.id = am.recouvrement_dispute_id
                     LEFT JOIN recouvrement_case rc
                            ON rc.id = am.recouvrement_case_id
                           AND rc.state = 'open'
                     LEFT JOIN recouvrement_factor_batch fb
                            ON fb.id = am.recouvrement_factor_batch_id
                           AND fb.state != 'cancelled'
                    WHERE am.move_type IN %(move_types)s
                      AND ((%(open_receivable)s
                            AND lm.recouvrement_doubtful_origin_id IS NULL)
                           OR %(open_doubtful)s)
                      AND aml.amount_residual != 0
              ) open_line
             WHERE open_line.partner_balance != 0
            """,
            today=today,
            bucket=SQL(aging.sql_bucket_case("days_late")),
            move_types=RECEIVABLE_MOVE_TYPES,
            open_receivable=open_receivable_sql(move="lm"),
            open_doubtful=open_doubtful_sql(),
            insolvency_state=insolvency_state_at_sql("rp", today),
        )

    def _read_group_orderby(self, order, groupby_terms, query):
        """Grouped by aged bucket, the buckets come by age, not due first:
        Odoo orders the groups of a selection field by their keys
        ("1_30" < "not_due"), not by the selection's order."""
        if "bucket" not in groupby_terms:
            return super()._read_group_orderby(order, groupby_terms, query)
        terms = dict(
            groupby_terms, bucket=self._bucket_rank_sql(groupby_terms["bucket"])
        )
        orderby = super()._read_group_orderby(order, terms, query)
        # what the other terms gained to be ordered by (many2one orders)
        groupby_terms.update(
            {term: sql for term, sql in terms.items() if term != "bucket"}
        )
        return orderby

    @api.model
    def _bucket_rank_sql(self, bucket_sql):
        """The rank of the aged bucket ``bucket_sql`` (an SQL expression of
        its key) in ``aging.BUCKETS``: not due 0, 1–30 days 1, …"""
        return SQL(
            "CASE %s %s END",
            bucket_sql,
            SQL(" ").join(
                SQL("WHEN %s THEN %s", key, rank)
                for rank, key in enumerate(aging.BUCKET_KEYS)
            ),
        )
