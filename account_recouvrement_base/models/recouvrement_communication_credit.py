from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib.receivable import open_credit_sql

CREDIT_KINDS = [
    ("credit_note", "Credit note"),
    ("payment", "Payment"),
    ("other", "Other credit"),
]

# the open credits of customers: one query for all of them
OPEN_CREDITS_QUERY = """
    SELECT rp.commercial_partner_id AS partner_id,
           aml.company_id,
           aml.currency_id,
           aml.id AS move_line_id,
           am.id AS move_id,
           CASE WHEN am.move_type = 'out_refund' THEN 'credit_note'
                WHEN aml.payment_id IS NOT NULL
                     OR aml.statement_line_id IS NOT NULL THEN 'payment'
                ELSE 'other'
           END AS kind,
           am.name,
           COALESCE(am.invoice_date, aml.date) AS date,
           -aml.amount_residual_currency AS amount_residual
      FROM account_move_line aml
      JOIN account_move am ON am.id = aml.move_id
      JOIN account_account aa ON aa.id = aml.account_id
      JOIN res_partner rp ON rp.id = aml.partner_id
     WHERE %(open_credit)s
       AND aml.company_id = ANY(%(companies)s)
       AND rp.commercial_partner_id = ANY(%(partners)s)
     ORDER BY date, aml.id
"""


# the pending communications of a company whose credits are no longer the
# customer's open credits (one allocated, a new one, an amount changed)
PENDING_CHANGED_QUERY = """
    WITH pending AS (
        SELECT c.id, c.partner_id, c.company_id, c.currency_id
          FROM recouvrement_communication c
         WHERE c.company_id = %(company)s
           AND c.state IN ('to_review', 'error')
    ), current AS (
        SELECT p.id AS communication_id,
               aml.id AS move_line_id,
               -aml.amount_residual_currency AS amount_residual
          FROM pending p
          JOIN res_partner rp ON rp.commercial_partner_id = p.partner_id
          JOIN account_move_line aml ON aml.partner_id = rp.id
                                    AND aml.company_id = p.company_id
                                    AND aml.currency_id = p.currency_id
          JOIN account_move am ON am.id = aml.move_id
          JOIN account_account aa ON aa.id = aml.account_id
         WHERE %(open_credit)s
    ), listed AS (
        SELECT cr.communication_id, cr.move_line_id, cr.amount_residual
          FROM recouvrement_communication_credit cr
          JOIN pending p ON p.id = cr.communication_id
    )
    SELECT DISTINCT COALESCE(current.communication_id, listed.communication_id)
      FROM current
      FULL JOIN listed ON listed.communication_id = current.communication_id
                      AND listed.move_line_id = current.move_line_id
     WHERE current.move_line_id IS NULL
        OR listed.move_line_id IS NULL
        OR listed.amount_residual <> current.amount_residual
"""


class RecouvrementCommunicationCredit(models.Model):
    """An open credit of the customer deducted from a communication: a credit
    note, or a payment not yet allocated to an invoice, in the
    communication's currency."""

    _name = "recouvrement.communication.credit"
    _description = "Dunning Communication Credit"
    _order = "date, id"

    communication_id = fields.Many2one(
        comodel_name="recouvrement.communication",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="communication_id.company_id",
        store=True,
        index=True,
    )
    move_line_id = fields.Many2one(
        comodel_name="account.move.line",
        string="Journal item",
        index="btree_not_null",
        ondelete="set null",
        help="The open receivable item in the customer's favour.",
    )
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Entry",
        ondelete="set null",
        help="The credit note, or the journal entry of the payment.",
    )
    kind = fields.Selection(
        selection=CREDIT_KINDS,
        string="Type",
        required=True,
        default="other",
    )
    name = fields.Char(
        string="Reference",
    )
    date = fields.Date()
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
    )
    amount_residual = fields.Monetary(
        string="Amount deducted",
        currency_field="currency_id",
        help="The open amount of the credit when the communication was last "
        "refreshed, in the communication's currency.",
    )

    @api.depends("kind", "name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for credit in self:
            credit.display_name = f"{labels.get(credit.kind, '')} {credit.name or ''}"

    # ------------------------------------------------------------------
    # Reading the open credits
    # ------------------------------------------------------------------

    @api.model
    def _read_open_credits(self, company_ids, partner_ids):
        """The open credits of the commercial partners ``partner_ids`` in the
        companies ``company_ids``, with one query whatever their number.

        :return: ``{(partner_id, company_id, currency_id): [row, ...]}``, each
            row a dict of the values of a credit (``move_line_id``,
            ``move_id``, ``kind``, ``name``, ``date``, ``currency_id``,
            ``amount_residual`` positive), oldest first
        """
        if not company_ids or not partner_ids:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                OPEN_CREDITS_QUERY,
                open_credit=open_credit_sql(),
                companies=list(company_ids),
                partners=list(partner_ids),
            )
        )
        credits = defaultdict(list)
        for row in self.env.cr.dictfetchall():
            key = (row.pop("partner_id"), row.pop("company_id"), row["currency_id"])
            credits[key].append(row)
        return credits

    @api.model
    def _vals_from_row(self, communication_id, company_id, row):
        """The values of a credit of the communication from a row of
        ``_read_open_credits`` (with the stored related company)."""
        return {
            "communication_id": communication_id,
            "company_id": company_id,
            "move_line_id": row["move_line_id"],
            "move_id": row["move_id"],
            "kind": row["kind"],
            "name": row["name"],
            "date": row["date"],
            "currency_id": row["currency_id"],
            "amount_residual": row["amount_residual"],
        }

    @api.model
    def _refresh_pending(self, company):
        """Refresh the credits of the company's communications waiting to be
        sent (to review or in error), with one query when none changed.

        :return: the communications whose credits changed
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                PENDING_CHANGED_QUERY,
                company=company.id,
                open_credit=open_credit_sql(),
            )
        )
        changed = self.env["recouvrement.communication"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )
        self._refresh(changed)
        return changed

    @api.model
    def _refresh(self, communications):
        """Bring the credits of ``communications`` up to the day: a credit
        allocated since is no longer deducted, a new one is, and the open
        amounts are updated (one query for the open credits of all)."""
        if not communications:
            return
        open_credits = self._read_open_credits(
            communications.company_id.ids, communications.partner_id.ids
        )
        to_create = []
        to_remove = self.browse()
        for comm in communications:
            current = {
                row["move_line_id"]: row
                for row in open_credits.get(
                    (comm.partner_id.id, comm.company_id.id, comm.currency_id.id), []
                )
            }
            for credit in comm.credit_ids:
                row = current.pop(credit.move_line_id.id, None)
                if row is None:
                    to_remove |= credit
                elif credit.currency_id.compare_amounts(
                    credit.amount_residual, row["amount_residual"]
                ):
                    # allocated in part since: rare, written one by one
                    credit.amount_residual = row["amount_residual"]
            to_create += [
                self._vals_from_row(comm.id, comm.company_id.id, row)
                for row in current.values()
            ]
        to_remove.unlink()
        if to_create:
            self.create(to_create)
