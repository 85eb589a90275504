import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.dunning import LevelSpec, days_between, next_level

_logger = logging.getLogger(__name__)

# pg advisory lock key: "recouvrement" run, one per company
RUN_LOCK_KEY = 0x7265636F  # 'reco'
SEND_BATCH = 50

OPEN_RECEIVABLES_QUERY = """
    SELECT am.id,
           am.company_id,
           am.commercial_partner_id,
           am.currency_id,
           am.invoice_date,
           am.amount_total,
           am.recouvrement_level_id,
           am.recouvrement_last_date,
           MIN(aml.date_maturity) AS date_due,
           SUM(aml.amount_residual_currency) AS residual,
           COALESCE(SUM(aml.amount_residual_currency)
                    FILTER (WHERE aml.date_maturity < %(date)s), 0) AS overdue,
           SUM(aml.amount_residual) AS residual_company
      FROM account_move am
      JOIN account_move_line aml ON aml.move_id = am.id
      JOIN account_account aa ON aa.id = aml.account_id
     WHERE am.state = 'posted'
       AND am.move_type = 'out_invoice'
       AND am.company_id = ANY(%(companies)s)
       AND NOT COALESCE(am.recouvrement_excluded, FALSE)
       AND (am.recouvrement_postponed_until IS NULL
            OR am.recouvrement_postponed_until <= %(date)s)
       AND aa.account_type = 'asset_receivable'
       AND NOT aml.reconciled
       AND aml.date_maturity IS NOT NULL
       AND NOT EXISTS (
            SELECT 1
              FROM recouvrement_communication c
             WHERE c.partner_id = am.commercial_partner_id
               AND c.company_id = am.company_id
               AND c.currency_id = am.currency_id
               AND (c.date = %(date)s OR c.state IN ('to_review', 'error'))
       )
     GROUP BY am.id
    HAVING MIN(aml.date_maturity) <= %(horizon)s
"""


class RecouvrementRun(models.AbstractModel):
    """The daily dunning run: one query for the open receivables, the levels
    chosen in memory (``lib.dunning``), communications created in batch."""

    _name = "recouvrement.run"
    _description = "Dunning Run"

    @api.model
    def _run(self, date=None, companies=None, commit=False):
        """Create today's communications and send the automatic ones.

        :param commit: commit after creating and after each batch sent (cron)
        :return: the communications created
        """
        date = date or fields.Date.context_today(self)
        companies = companies or self._companies_with_policy()
        communications = self.env["recouvrement.communication"]
        for company in companies:
            communications |= self.with_company(company)._run_company(date, company)
            if commit:
                self.env["ir.cron"]._commit_progress()
        to_send = communications.filtered(lambda comm: not comm.level_id.review_needed)
        if commit:
            self.env["ir.cron"]._commit_progress(remaining=len(to_send))
        for start in range(0, len(to_send), SEND_BATCH):
            batch = to_send[start : start + SEND_BATCH]
            batch._send()
            if commit:
                self.env["ir.cron"]._commit_progress(len(batch))
        return communications

    def _companies_with_policy(self):
        groups = self.env["recouvrement.policy"]._read_group(
            [("active", "=", True)], ["company_id"]
        )
        return self.env["res.company"].union(*(company for (company,) in groups))

    def _lock(self, company):
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", (RUN_LOCK_KEY, company.id)
        )
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "A dunning run is already in progress for %(company)s. / "
                    "Une relance est déjà en cours pour %(company)s.",
                    company=company.name,
                )
            )

    def _run_company(self, date, company):
        self._lock(company)
        default_policy = company.recouvrement_policy_id
        self._reset_closed_invoices(company)
        self._cancel_paid_communications(company)
        policies = self.env["recouvrement.policy"].search(
            [("company_id", "=", company.id)]
        )
        if not policies:
            return self.env["recouvrement.communication"]
        specs = {
            policy.id: [
                LevelSpec(lvl.id, lvl.sequence, lvl.delay_days, lvl.min_interval_days)
                for lvl in policy._get_sorted_levels()
            ]
            for policy in policies
        }
        max_advance = max(
            [-spec.delay_days for levels in specs.values() for spec in levels] + [0]
        )
        self.env.flush_all()
        self.env.cr.execute(
            OPEN_RECEIVABLES_QUERY,
            {
                "date": date,
                "horizon": date + timedelta(days=max_advance),
                "companies": [company.id],
            },
        )
        rows = self.env.cr.dictfetchall()
        if not rows:
            return self.env["recouvrement.communication"]
        partners = self.env["res.partner"].browse(
            {row["commercial_partner_id"] for row in rows}
        )
        partner_policy = {
            partner.id: partner.recouvrement_policy_id.id or default_policy.id
            for partner in partners.with_company(company)
        }
        # group by customer and currency, choose the level of each invoice
        groups = defaultdict(list)
        for row in rows:
            policy_id = partner_policy.get(row["commercial_partner_id"])
            levels = specs.get(policy_id)
            if not levels:
                continue
            tolerance = policies.browse(policy_id).tolerance_amount
            if (
                company.currency_id.compare_amounts(row["residual_company"], tolerance)
                <= 0
            ):
                continue
            days_late = days_between(row["date_due"], date)
            last = row["recouvrement_last_date"]
            row["days_late"] = days_late
            row["policy_id"] = policy_id
            row["next"] = next_level(
                levels,
                row["recouvrement_level_id"],
                days_late,
                days_between(last, date) if last else None,
            )
            groups[(row["commercial_partner_id"], row["currency_id"])].append(row)
        return self._create_communications(date, company, groups, specs, partners)

    def _create_communications(self, date, company, groups, specs, partners):
        comm_vals = []
        line_groups = []
        levels = self.env["recouvrement.level"].browse(
            [spec.id for level_specs in specs.values() for spec in level_specs]
        )
        order = {
            spec.id: spec.sequence
            for level_specs in specs.values()
            for spec in level_specs
        }
        partner_by_id = {partner.id: partner for partner in partners}
        for (partner_id, currency_id), rows in groups.items():
            stepping = [row for row in rows if row["next"]]
            if not stepping:
                continue
            level_spec = max(
                (row["next"] for row in stepping), key=lambda s: (order[s.id], s.id)
            )
            level = levels.browse(level_spec.id)
            partner = partner_by_id[partner_id]
            comm_vals.append(
                {
                    "date": date,
                    "company_id": company.id,
                    "partner_id": partner_id,
                    "user_id": partner.user_id.id,
                    "policy_id": level.policy_id.id,
                    "level_id": level.id,
                    "currency_id": currency_id,
                    "state": "to_review",
                    "use_email": level.channel_email,
                    "use_letter": level.channel_letter,
                    "use_registered": level.channel_registered,
                    "use_phone": level.channel_phone,
                }
            )
            line_groups.append(
                [
                    self._line_vals(row)
                    for row in rows
                    if row["next"] or row["days_late"] > 0
                ]
            )
        # no creation message nor follower per communication: the history is the
        # communication itself, and the chatter gets a message when it is sent
        Communication = self.env["recouvrement.communication"]
        created = Communication.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
        ).create(comm_vals)
        communications = Communication.browse(created.ids)
        line_vals = []
        for comm, lines in zip(communications, line_groups, strict=True):
            for vals in lines:
                vals["communication_id"] = comm.id
                line_vals.append(vals)
        self.env["recouvrement.communication.line"].create(line_vals)
        _logger.info(
            "Dunning run %s for %s: %d communications, %d invoices",
            date,
            company.name,
            len(communications),
            len(line_vals),
        )
        return communications

    @staticmethod
    def _line_vals(row):
        current = row["recouvrement_level_id"]
        return {
            "move_id": row["id"],
            "level_id": row["next"].id if row["next"] else current,
            "previous_level_id": current,
            "raises_level": bool(row["next"]),
            "currency_id": row["currency_id"],
            "invoice_date": row["invoice_date"],
            "date_due": row["date_due"],
            "days_late": row["days_late"],
            "amount_total": row["amount_total"],
            "amount_residual": row["residual"],
            "amount_overdue": row["overdue"],
        }

    def _reset_closed_invoices(self, company):
        """Paid or reversed invoices leave dunning: their level is cleared."""
        closed = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("recouvrement_level_id", "!=", False),
                ("payment_state", "in", ("paid", "in_payment", "reversed")),
            ]
        )
        closed.write({"recouvrement_level_id": False})

    def _cancel_paid_communications(self, company):
        pending = self.env["recouvrement.communication"].search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("to_review", "error")),
            ]
        )
        pending._refresh_lines()
        paid = pending.filtered(lambda comm: not comm._get_open_lines())
        paid.write(
            {"state": "cancelled", "note": self.env._("Every invoice was paid.")}
        )
