"""SQL of the outstanding receivables report (``recouvrement.receivable.report``).

Pure composition of ``odoo.tools.SQL`` (no database access): the model runs
these queries, ``lib.aging`` computes the buckets and the KPIs from their rows.

The residual of an invoice at a date D is the amount of its receivable lines
minus the reconciliations (``account.partial.reconcile``) dated on or before
D: payments made after D are ignored, so a past date gives what the ledger
said that day.
"""

from odoo.tools import SQL

from odoo.addons.account_recouvrement_base.lib.receivable import (
    amount_is_not_zero_sql,
    open_receivable_sql,
    receivable_account_sql,
)
from odoo.addons.account_recouvrement_litigation.lib.doubtful import open_doubtful_sql

RECEIVABLE_MOVE_TYPES = ("out_invoice", "out_refund")
# a cancelled dispute was opened by mistake or withdrawn: not a settlement
SETTLED_DISPUTE_STATES = ("justified", "rejected")
# a payment plan in one of these states stopped covering its invoices on its
# close date (a plan cancelled before it was signed has none)
CLOSED_PLAN_STATES = ("done", "breached", "cancelled")

# the columns of ``rows_sql``, in order
ROW_COLUMNS = (
    "move_id",
    "move_name",
    "move_type",
    "invoice_date",
    "currency_id",
    "amount_total",
    "level_id",
    "user_id",
    "partner_id",
    "partner_name",
    "vat",
    "company_registry",
    "due_dates",
    "line_residuals",
    "residual",
    "residual_company",
    "last_reminder_date",
    "dispute_name",
    "dispute_reason",
    "dispute_owner",
    "dispute_deadline",
    "insolvency_state",
    "insolvency_date",
    "plan_name",
    "plan_currency_id",
    "plan_next_date",
    "plan_next_amount",
    "plan_overdue_count",
    "plan_overdue_amount",
    "case_name",
    "case_stage",
    "factor_batch_name",
    "factor_batch_state",
    "factor_batch_date",
    "factor_name",
    "factor_return_date",
)


def scope_sql(company_id, at, partner_ids=(), user_ids=(), level_ids=(), move_ids=()):
    """Receivable lines (alias ``aml``, move ``am``, account ``aa``) of posted
    customer invoices and credit notes of the company, accounted on or before
    ``at``, within the filters (empty: no filter)."""
    conditions = [
        SQL("am.move_type IN %s", RECEIVABLE_MOVE_TYPES),
        SQL("am.company_id = %s", company_id),
        SQL("am.date <= %s", at),
    ]
    if partner_ids:
        conditions.append(SQL("am.commercial_partner_id = ANY(%s)", list(partner_ids)))
    if user_ids:
        conditions.append(SQL("am.invoice_user_id = ANY(%s)", list(user_ids)))
    if level_ids:
        conditions.append(SQL("am.recouvrement_level_id = ANY(%s)", list(level_ids)))
    if move_ids:
        conditions.append(SQL("am.id = ANY(%s)", list(move_ids)))
    return SQL(" AND ").join(conditions)


def dispute_open_at_sql(dispute, at):
    """The dispute ``dispute`` (alias of ``recouvrement_dispute``) was open on
    ``at``: opened on or before it and not settled by then (still open, or
    settled after it), whatever its outcome since."""
    alias = SQL.identifier(dispute)
    return SQL(
        """(%(d)s.date <= %(at)s
            AND (%(d)s.state = 'open' OR %(d)s.resolution_date > %(at)s))""",
        d=alias,
        at=at,
    )


def insolvency_state_at_sql(partner, at):
    """The insolvency proceedings of ``partner`` (alias of ``res_partner``, a
    commercial partner) on ``at``: its proceedings if judged on or before
    ``at``, else NULL. Only the customer's current proceedings are known: a
    receivership turned liquidation is a liquidation since the first
    judgement."""
    alias = SQL.identifier(partner)
    return SQL(
        """CASE WHEN %(p)s.recouvrement_insolvency_state != 'none'
                 AND %(p)s.recouvrement_insolvency_date <= %(at)s
            THEN %(p)s.recouvrement_insolvency_state END""",
        p=alias,
        at=at,
    )


def amount_company_sql(amount, move="am"):
    """``amount`` (an SQL expression in the currency of the invoice ``move``,
    alias of ``account_move``) in company currency, at the invoice's rate."""
    alias = SQL.identifier(move)
    return SQL(
        """(%(amount)s * ABS(%(m)s.amount_total_signed)
              / NULLIF(ABS(%(m)s.amount_total_in_currency_signed), 0))""",
        amount=amount,
        m=alias,
    )


def translated_sql(column, lang):
    """The value of a translated (jsonb) ``column`` in ``lang``, else in
    English, as Odoo reads it."""
    return SQL("COALESCE(%s->>%s, %s->>'en_US')", column, lang or "en_US", column)


def _paid_sql(side, at, line="aml", prefix="paid"):
    """Reconciled on the ``side`` ("debit" or "credit") of ``line`` (alias of
    ``account_move_line``) by ``at``, as ``{prefix}_{side}``."""
    return SQL(
        """LEFT JOIN LATERAL (
               SELECT SUM(apr_paid.amount) AS amount,
                      SUM(apr_paid.%(amount_currency)s) AS amount_currency
                 FROM account_partial_reconcile apr_paid
                WHERE apr_paid.%(move_column)s = %(line)s.id
                  AND apr_paid.max_date <= %(at)s
           ) %(alias)s ON TRUE""",
        amount_currency=SQL.identifier(f"{side}_amount_currency"),
        move_column=SQL.identifier(f"{side}_move_id"),
        line=SQL.identifier(line),
        alias=SQL.identifier(f"{prefix}_{side}"),
        at=at,
    )


def residual_at_sql(move_ids, at, in_currency=False):
    """Scalar subquery: what the receivable lines of the posted entries whose
    ids ``move_ids`` (an SQL query) selects had left to pay on ``at`` (an SQL
    expression or a date), in company currency, or in the entries' currency
    when ``in_currency``."""
    column = "amount_currency" if in_currency else "amount"
    return SQL(
        """(SELECT COALESCE(SUM(rl.%(line_amount)s
                                 - COALESCE(rpaid_debit.%(paid)s, 0)
                                 + COALESCE(rpaid_credit.%(paid)s, 0)), 0)
              FROM account_move_line rl
              JOIN account_move rm ON rm.id = rl.move_id
              JOIN account_account ra ON ra.id = rl.account_id
              %(paid_debit)s
              %(paid_credit)s
             WHERE rl.move_id IN (%(move_ids)s)
               AND rm.state = 'posted'
               AND %(receivable)s)""",
        line_amount=SQL.identifier("amount_currency" if in_currency else "balance"),
        paid=SQL.identifier(column),
        paid_debit=_paid_sql("debit", at, line="rl", prefix="rpaid"),
        paid_credit=_paid_sql("credit", at, line="rl", prefix="rpaid"),
        move_ids=move_ids,
        receivable=receivable_account_sql("ra"),
    )


# ----------------------------------------------------------------------
# Payment plans
# ----------------------------------------------------------------------


def plan_in_force_at_sql(plan, at):
    """The payment plan ``plan`` (alias of ``recouvrement_plan``) covered its
    invoices on ``at``: signed on or before it, and still active or closed
    (paid off, breached, or cancelled once signed) after it."""
    alias = SQL.identifier(plan)
    return SQL(
        """(%(p)s.signed_date <= %(at)s
            AND (%(p)s.state = 'active'
                 OR (%(p)s.state IN %(closed)s AND %(p)s.close_date > %(at)s)))""",
        p=alias,
        at=at,
        closed=CLOSED_PLAN_STATES,
    )


def plan_paid_at_sql(plan, at):
    """What the customer had paid by ``at`` on the payment plan ``plan``
    (alias of ``recouvrement_plan``), in the plan's currency: the amount
    scheduled less what its invoices had left to pay then, as
    ``recouvrement.plan.amount_paid`` said that day."""
    alias = SQL.identifier(plan)
    return SQL(
        "GREATEST(%(p)s.amount_total - %(residual)s, 0)",
        p=alias,
        residual=residual_at_sql(
            SQL(
                """SELECT plan_rel.move_id
                     FROM recouvrement_plan_account_move_rel plan_rel
                    WHERE plan_rel.plan_id = %s.id""",
                alias,
            ),
            at,
            in_currency=True,
        ),
    )


def plan_lines_sql(plan_id, paid):
    """The instalments of the plan ``plan_id`` (an SQL expression) with what
    each had left to pay once ``paid`` is spread over them oldest first, as
    ``lib.plan.allocate`` does: columns ``date_due``, ``sequence``, ``id``,
    ``cumulated`` (the instalments' total up to this one) and ``residual``."""
    return SQL(
        """SELECT ranked.*,
                  LEAST(ranked.amount,
                        GREATEST(ranked.cumulated - %(paid)s, 0)) AS residual
             FROM (
                  SELECT pl.id,
                         pl.sequence,
                         pl.date_due,
                         pl.amount,
                         SUM(pl.amount) OVER (
                             ORDER BY pl.date_due, pl.sequence, pl.id
                         ) AS cumulated
                    FROM recouvrement_plan_line pl
                   WHERE pl.plan_id = %(plan_id)s
             ) ranked""",
        plan_id=plan_id,
        paid=paid,
    )


def covering_plan_sql(move, at, with_paid=True):
    """The payment plan covering the invoice ``move`` (alias of
    ``account_move``) on ``at`` (the latest signed if ever two did), with
    what had been paid on it by then: columns ``id``, ``name``,
    ``currency_id``, ``paid`` (0 unless ``with_paid``)."""
    return SQL(
        """SELECT p.id,
                  p.name,
                  p.currency_id,
                  %(paid)s AS paid
             FROM recouvrement_plan_account_move_rel rel
             JOIN recouvrement_plan p ON p.id = rel.plan_id
            WHERE rel.move_id = %(move)s.id
              AND %(in_force)s
            ORDER BY p.signed_date DESC, p.id DESC
            LIMIT 1""",
        paid=plan_paid_at_sql("p", at) if with_paid else SQL("0"),
        move=SQL.identifier(move),
        in_force=plan_in_force_at_sql("p", at),
    )


# ----------------------------------------------------------------------
# Litigation cases
# ----------------------------------------------------------------------


def case_open_at_sql(case, at):
    """The litigation case ``case`` (alias of ``recouvrement_case``) was
    open on ``at``: opened by then and not closed yet."""
    alias = SQL.identifier(case)
    return SQL(
        "(%(c)s.date_open <= %(at)s "
        "AND (%(c)s.date_closed IS NULL OR %(c)s.date_closed > %(at)s))",
        c=alias,
        at=at,
    )


def covering_case_sql(move, at, lang="en_US"):
    """The litigation case open on ``at`` over the invoice ``move`` (alias of
    ``account_move``; the latest opened if ever two were): columns ``id``,
    ``name``, ``stage_id``, ``stage`` (its stage today, in ``lang``: the
    stages a case went through are not kept by date)."""
    return SQL(
        """SELECT c.id,
                  c.name,
                  c.stage_id,
                  %(stage_name)s AS stage
             FROM recouvrement_case_account_move_rel case_rel
             JOIN recouvrement_case c ON c.id = case_rel.case_id
             LEFT JOIN recouvrement_stage stage ON stage.id = c.stage_id
            WHERE case_rel.move_id = %(move)s.id
              AND %(open_at)s
            ORDER BY c.date_open DESC, c.id DESC
            LIMIT 1""",
        stage_name=translated_sql(SQL("stage.name"), lang),
        move=SQL.identifier(move),
        open_at=case_open_at_sql("c", at),
    )


def litigation_by_stage_sql(cte, at, lang="en_US"):
    """The open receivables at ``at`` of the invoices in a litigation case
    open then, per stage (in the stages' order): stage id, name (in
    ``lang``), residual (company currency), number of invoices and of
    cases."""
    return SQL(
        """
        %(cte)s
        SELECT lit.stage_id,
               lit.stage,
               SUM(ol.residual_company),
               COUNT(DISTINCT ol.move_id),
               COUNT(DISTINCT lit.id)
          FROM open_lines ol
          JOIN account_move am ON am.id = ol.move_id
          JOIN LATERAL (%(covering_case)s) lit ON TRUE
          LEFT JOIN recouvrement_stage st ON st.id = lit.stage_id
         GROUP BY lit.stage_id, lit.stage, st.sequence
         ORDER BY st.sequence, lit.stage_id
        """,
        cte=cte,
        covering_case=covering_case_sql("am", at, lang),
    )


def plan_instalments_at_sql(plan, at):
    """The instalments of the payment plan ``plan`` (alias of a
    ``covering_plan_sql`` row) on ``at``: the next one to fall due with
    something left to pay (date and what is left), and those overdue (count
    and what is left): past their due date with something left to pay."""
    alias = SQL.identifier(plan)
    upcoming = SQL("il.date_due >= %s AND il.residual > 0", at)
    overdue = SQL("il.date_due < %s AND il.residual > 0", at)
    order = SQL("ORDER BY il.date_due, il.sequence, il.id")
    return SQL(
        """SELECT (ARRAY_AGG(il.date_due %(order)s)
                       FILTER (WHERE %(upcoming)s))[1] AS next_date,
                  (ARRAY_AGG(il.residual %(order)s)
                       FILTER (WHERE %(upcoming)s))[1] AS next_amount,
                  COUNT(*) FILTER (WHERE %(overdue)s) AS overdue_count,
                  SUM(il.residual) FILTER (WHERE %(overdue)s) AS overdue_amount
             FROM (%(lines)s) il""",
        order=order,
        upcoming=upcoming,
        overdue=overdue,
        lines=plan_lines_sql(SQL("%s.id", alias), SQL("%s.paid", alias)),
    )


def _plans_in_scope_sql(scope, plan="p"):
    """The payment plan ``plan`` covers an invoice of ``scope``."""
    return SQL(
        """%(p)s.id IN (SELECT scope_rel.plan_id
                          FROM recouvrement_plan_account_move_rel scope_rel
                          JOIN account_move am ON am.id = scope_rel.move_id
                         WHERE %(scope)s)""",
        p=SQL.identifier(plan),
        scope=scope,
    )


def plans_at_sql(cte, scope, at):
    """The payment plans in force on ``at`` over the invoices of ``scope``:
    their count, and what those invoices had left to pay then (company
    currency; ``cte`` gives the open lines at ``at``)."""
    return SQL(
        """
        %(cte)s,
        covered AS (
            SELECT am.id AS move_id, cover.id AS plan_id
              FROM account_move am
              JOIN LATERAL (%(covering)s) cover ON TRUE
             WHERE %(scope)s
               AND am.id IN (SELECT move_id FROM recouvrement_plan_account_move_rel)
        )
        SELECT COUNT(DISTINCT covered.plan_id),
               COALESCE(SUM(ol.residual_company), 0)
          FROM covered
          LEFT JOIN open_lines ol ON ol.move_id = covered.move_id
        """,
        cte=cte,
        covering=covering_plan_sql("am", at, with_paid=False),
        scope=scope,
    )


def instalments_due_sql(scope, date_from, date_to):
    """The instalments falling due from ``date_from`` to ``date_to`` of the
    payment plans over invoices of ``scope`` that were signed by then and not
    breached or cancelled before (a plan paid off early counts: its
    instalments were paid before they fell due): their count, those paid in
    full by their due date plus the plan's grace days, and those not paid yet
    at ``date_to`` whose grace period runs beyond it. The payments are those
    the ledger knew at ``date_to``."""
    checked_on = SQL("LEAST(line.date_due + COALESCE(p.grace_days, 0), %s)", date_to)
    return SQL(
        """
        SELECT COUNT(*),
               COUNT(*) FILTER (WHERE paid_in_full),
               COUNT(*) FILTER (WHERE NOT paid_in_full AND pending)
          FROM recouvrement_plan p
          JOIN res_currency cur ON cur.id = p.currency_id
          JOIN LATERAL (%(lines)s) line ON TRUE
          CROSS JOIN LATERAL (
               SELECT %(paid)s >= line.cumulated - cur.rounding / 2.0
                          AS paid_in_full,
                      line.date_due + COALESCE(p.grace_days, 0) > %(date_to)s
                          AS pending
          ) status
         WHERE %(in_scope)s
           AND line.date_due BETWEEN %(date_from)s AND %(date_to)s
           AND (%(in_force)s
                OR (p.state = 'done' AND p.signed_date <= line.date_due))
        """,
        lines=plan_lines_sql(SQL("p.id"), SQL("0")),
        in_force=plan_in_force_at_sql("p", SQL("line.date_due")),
        paid=plan_paid_at_sql("p", checked_on),
        date_from=date_from,
        date_to=date_to,
        in_scope=_plans_in_scope_sql(scope),
    )


def plans_breached_sql(scope, date_from, date_to):
    """The payment plans over invoices of ``scope`` breached from
    ``date_from`` to ``date_to``: their count, and what their invoices of
    ``scope`` had left to pay on the day of the breach, all due at once
    (company currency)."""
    return SQL(
        """
        SELECT COUNT(*),
               COALESCE(SUM(%(residual)s), 0)
          FROM recouvrement_plan p
         WHERE p.state = 'breached'
           AND p.breach_date BETWEEN %(date_from)s AND %(date_to)s
           AND %(in_scope)s
        """,
        residual=residual_at_sql(
            SQL(
                """SELECT breach_rel.move_id
                     FROM recouvrement_plan_account_move_rel breach_rel
                     JOIN account_move am ON am.id = breach_rel.move_id
                    WHERE breach_rel.plan_id = p.id
                      AND %s""",
                scope,
            ),
            SQL("p.breach_date"),
        ),
        date_from=date_from,
        date_to=date_to,
        in_scope=_plans_in_scope_sql(scope),
    )


def open_lines_cte(scope, at, company_rounding):
    """``WITH open_lines AS (...)``: the receivable lines open at ``at`` within
    ``scope``, with their residual then, in company currency
    (``residual_company``) and in the line's currency (``residual_currency``);
    a residual that rounds to zero in both currencies is not open."""
    return SQL(
        """
        WITH all_lines AS (
            SELECT aml.id,
                   am.id AS move_id,
                   COALESCE(aml.date_maturity, am.invoice_date_due, aml.date)
                       AS date_maturity,
                   aml.balance - COALESCE(paid_debit.amount, 0)
                       + COALESCE(paid_credit.amount, 0) AS residual_company,
                   aml.amount_currency - COALESCE(paid_debit.amount_currency, 0)
                       + COALESCE(paid_credit.amount_currency, 0)
                       AS residual_currency,
                   cur.rounding AS currency_rounding
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN account_account aa ON aa.id = aml.account_id
              JOIN res_currency cur ON cur.id = aml.currency_id
              %(paid_debit)s
              %(paid_credit)s
             WHERE %(scope)s
               AND %(open)s
            UNION ALL
            -- a doubtful receivable: the invoice's claim on its 416 line
            SELECT aml.id,
                   am.id AS move_id,
                   COALESCE(am.invoice_date_due, aml.date) AS date_maturity,
                   aml.balance - COALESCE(paid_debit.amount, 0)
                       + COALESCE(paid_credit.amount, 0) AS residual_company,
                   aml.amount_currency - COALESCE(paid_debit.amount_currency, 0)
                       + COALESCE(paid_credit.amount_currency, 0)
                       AS residual_currency,
                   cur.rounding AS currency_rounding
              FROM account_move am
              JOIN account_move_line aml ON aml.id = am.recouvrement_doubtful_line_id
              JOIN res_currency cur ON cur.id = aml.currency_id
              %(paid_debit)s
              %(paid_credit)s
             WHERE %(scope)s
               AND %(doubtful)s
        ),
        open_lines AS (
            SELECT *
              FROM all_lines
             WHERE %(company_not_zero)s
                OR %(currency_not_zero)s
        )
        """,
        paid_debit=_paid_sql("debit", at),
        paid_credit=_paid_sql("credit", at),
        scope=scope,
        open=open_receivable_sql(at=at),
        doubtful=open_doubtful_sql(at=at),
        company_not_zero=amount_is_not_zero_sql(
            SQL("residual_company"), company_rounding
        ),
        currency_not_zero=amount_is_not_zero_sql(
            SQL("residual_currency"), SQL("currency_rounding")
        ),
    )


def rows_sql(cte, at, lang="en_US"):
    """One row per open invoice (``ROW_COLUMNS``), sorted by customer, with
    the dispute open on ``at`` (reason in ``lang``), the customer's
    insolvency proceedings judged by then, and the payment plan covering the
    invoice then with its next instalment and those overdue, rebuilt from
    the payments known on ``at``."""
    return SQL(
        """
        %(cte)s
        SELECT am.id,
               am.name,
               am.move_type,
               am.invoice_date,
               am.currency_id,
               am.amount_total_in_currency_signed,
               am.recouvrement_level_id,
               am.invoice_user_id,
               rp.id,
               rp.name,
               rp.vat,
               rp.company_registry,
               ARRAY_AGG(ol.date_maturity ORDER BY ol.date_maturity, ol.id),
               ARRAY_AGG(ol.residual_company::float8
                         ORDER BY ol.date_maturity, ol.id),
               SUM(ol.residual_currency),
               SUM(ol.residual_company),
               last.date,
               disp.name,
               disp.reason,
               disp.owner,
               disp.deadline,
               %(insolvency_state)s,
               CASE WHEN %(insolvency_state)s IS NOT NULL
                    THEN rp.recouvrement_insolvency_date END,
               plan.name,
               plan.currency_id,
               inst.next_date,
               inst.next_amount,
               inst.overdue_count,
               inst.overdue_amount,
               lit.name,
               lit.stage,
               fb.name,
               fb.state,
               fb.date,
               factor.name,
               returned.date
          FROM open_lines ol
          JOIN account_move am ON am.id = ol.move_id
          JOIN res_partner rp ON rp.id = am.commercial_partner_id
          LEFT JOIN LATERAL (
               SELECT MAX(rcl.date) AS date
                 FROM recouvrement_communication_line rcl
                WHERE rcl.move_id = am.id
                  AND rcl.state = 'sent'
                  AND rcl.date <= %(at)s
          ) last ON TRUE
          LEFT JOIN LATERAL (
               SELECT d.name,
                      %(reason_name)s AS reason,
                      owner.name AS owner,
                      d.deadline
                 FROM recouvrement_dispute d
                 JOIN recouvrement_dispute_reason reason ON reason.id = d.reason_id
                 JOIN res_users u ON u.id = d.user_id
                 JOIN res_partner owner ON owner.id = u.partner_id
                WHERE d.move_id = am.id
                  AND %(dispute_open)s
                ORDER BY d.date DESC, d.id DESC
                LIMIT 1
          ) disp ON TRUE
          LEFT JOIN LATERAL (%(covering_plan)s) plan ON TRUE
          LEFT JOIN LATERAL (%(instalments)s) inst ON plan.id IS NOT NULL
          LEFT JOIN LATERAL (%(covering_case)s) lit ON TRUE
          LEFT JOIN recouvrement_factor_batch fb
                 ON fb.id = am.recouvrement_factor_batch_id
                AND fb.state != 'cancelled'
          LEFT JOIN recouvrement_factor_contract fc ON fc.id = fb.contract_id
          LEFT JOIN res_partner factor ON factor.id = fc.factor_partner_id
          LEFT JOIN account_move returned
                 ON returned.id = am.recouvrement_factor_return_move_id
         GROUP BY am.id, rp.id, last.date, fb.id, factor.id, returned.id,
                  disp.name, disp.reason, disp.owner, disp.deadline,
                  plan.id, plan.name, plan.currency_id,
                  inst.next_date, inst.next_amount,
                  inst.overdue_count, inst.overdue_amount,
                  lit.name, lit.stage
         ORDER BY rp.name, rp.id, MIN(ol.date_maturity), am.name, am.id
        """,
        cte=cte,
        at=at,
        reason_name=translated_sql(SQL("reason.name"), lang),
        dispute_open=dispute_open_at_sql("d", at),
        insolvency_state=insolvency_state_at_sql("rp", at),
        covering_plan=covering_plan_sql("am", at),
        instalments=plan_instalments_at_sql("plan", at),
        covering_case=covering_case_sql("am", at, lang),
    )


def totals_sql(cte, at):
    """The total and the overdue part of the open lines at ``at``."""
    return SQL(
        """
        %(cte)s
        SELECT COALESCE(SUM(residual_company), 0),
               COALESCE(SUM(residual_company)
                        FILTER (WHERE date_maturity < %(at)s), 0)
          FROM open_lines
        """,
        cte=cte,
        at=at,
    )


def sales_sql(scope, date_from):
    """Receivable amounts accounted from ``date_from`` within ``scope``
    (the sales incl. VAT, credit notes deducted; charges invoices left out)."""
    return SQL(
        """
        SELECT COALESCE(SUM(aml.balance), 0)
          FROM account_move_line aml
          JOIN account_move am ON am.id = aml.move_id
          JOIN account_account aa ON aa.id = aml.account_id
         WHERE %(scope)s
           AND %(posted_receivable)s
           AND am.date >= %(date_from)s
           -- late-payment charges are not sales
           AND NOT COALESCE(am.recouvrement_is_charge, FALSE)
        """,
        scope=scope,
        posted_receivable=SQL("am.state = 'posted' AND %s", receivable_account_sql()),
        date_from=date_from,
    )


def collected_sql(scope, date_from, date_to):
    """Amounts collected from ``date_from`` to ``date_to`` on the receivable
    lines of ``scope``: the reconciliations with a payment or a bank
    statement (bank and cash journals), in company currency. Credit notes and
    write-offs settle a receivable without collecting it: they are left out."""
    return SQL(
        """
        SELECT COALESCE(SUM(apr.amount), 0)
          FROM account_partial_reconcile apr
          JOIN account_move_line aml ON aml.id = apr.debit_move_id
          JOIN account_move am ON am.id = aml.move_id
          JOIN account_account aa ON aa.id = aml.account_id
          JOIN account_move_line payment ON payment.id = apr.credit_move_id
          JOIN account_journal journal ON journal.id = payment.journal_id
         WHERE %(scope)s
           AND am.state = 'posted'
           AND %(receivable)s
           AND apr.max_date BETWEEN %(date_from)s AND %(date_to)s
           AND journal.type IN ('bank', 'cash')
        """,
        scope=scope,
        receivable=receivable_account_sql(),
        date_from=date_from,
        date_to=date_to,
    )


def disputes_by_reason_sql(scope, at, lang="en_US"):
    """The disputes open on ``at`` on the invoices of ``scope``, per reason:
    reason id and name (in ``lang``), count and disputed amount (company
    currency), then the count and amount of those past their deadline then.
    """
    amount = amount_company_sql(SQL("d.amount"))
    overdue = SQL("d.deadline < %s", at)
    return SQL(
        """
        SELECT reason.id,
               %(reason_name)s,
               COUNT(*),
               COALESCE(SUM(%(amount)s), 0),
               COUNT(*) FILTER (WHERE %(overdue)s),
               COALESCE(SUM(%(amount)s) FILTER (WHERE %(overdue)s), 0)
          FROM recouvrement_dispute d
          JOIN account_move am ON am.id = d.move_id
          JOIN recouvrement_dispute_reason reason ON reason.id = d.reason_id
         WHERE %(scope)s
           AND am.state = 'posted'
           AND %(open)s
         GROUP BY reason.id
         ORDER BY reason.sequence, reason.id
        """,
        reason_name=translated_sql(SQL("reason.name"), lang),
        amount=amount,
        overdue=overdue,
        scope=scope,
        open=dispute_open_at_sql("d", at),
    )


def disputes_settled_sql(scope, date_from, date_to):
    """The disputes on the invoices of ``scope`` settled (justified or
    rejected: a cancelled dispute was opened by mistake or withdrawn) from
    ``date_from`` to ``date_to``: their count and the average days from
    their opening to their settlement."""
    return SQL(
        """
        SELECT COUNT(*),
               AVG(d.resolution_date - d.date)::float8
          FROM recouvrement_dispute d
          JOIN account_move am ON am.id = d.move_id
         WHERE %(scope)s
           AND am.state = 'posted'
           AND d.state IN %(settled)s
           AND d.resolution_date BETWEEN %(date_from)s AND %(date_to)s
        """,
        scope=scope,
        settled=SETTLED_DISPUTE_STATES,
        date_from=date_from,
        date_to=date_to,
    )


def insolvency_sql(cte, at):
    """The open receivables at ``at`` of the customers under insolvency
    proceedings then, per proceedings: state, residual (company currency)
    and number of invoices."""
    state = insolvency_state_at_sql("rp", at)
    return SQL(
        """
        %(cte)s
        SELECT %(state)s,
               SUM(ol.residual_company),
               COUNT(DISTINCT ol.move_id)
          FROM open_lines ol
          JOIN account_move am ON am.id = ol.move_id
          JOIN res_partner rp ON rp.id = am.commercial_partner_id
         WHERE %(state)s IS NOT NULL
         GROUP BY 1
        """,
        cte=cte,
        state=state,
    )
