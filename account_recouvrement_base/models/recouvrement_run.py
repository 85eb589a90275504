import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib.dunning import CLOSED_PAYMENT_STATES, days_between, next_level
from ..lib.receivable import open_receivable_sql

_logger = logging.getLogger(__name__)

# pg advisory lock key: "recouvrement" run, one per company
RUN_LOCK_KEY = 0x7265636F  # 'reco'
SEND_BATCH = 50
LITIGATION_ACTIVITY = "account_recouvrement_base.mail_activity_type_case_proposal"

OPEN_RECEIVABLES_QUERY = """
    SELECT am.id,
           am.company_id,
           am.commercial_partner_id,
           am.currency_id,
           am.invoice_date,
           am.amount_total,
           am.recouvrement_level_id,
           am.recouvrement_last_date,
           rp.user_id AS partner_user_id,
           %(partner_policy)s AS partner_policy_id,
           MIN(aml.date_maturity) AS date_due,
           SUM(aml.amount_residual_currency) AS residual,
           COALESCE(SUM(aml.amount_residual_currency)
                    FILTER (WHERE aml.date_maturity < %(date)s), 0) AS overdue,
           SUM(aml.amount_residual) AS residual_company
      FROM account_move am
      JOIN res_partner rp ON rp.id = am.commercial_partner_id
      JOIN account_move_line aml ON aml.move_id = am.id
      JOIN account_account aa ON aa.id = aml.account_id
     WHERE %(open_receivable)s
       AND am.move_type = 'out_invoice'
       AND am.company_id = %(company)s
       AND NOT COALESCE(am.recouvrement_excluded, FALSE)
       -- what the addons of the suite hold back (_dunned_sql)
       AND %(dunned)s
       AND (am.recouvrement_postponed_until IS NULL
            OR am.recouvrement_postponed_until <= %(date)s)
       AND aml.date_maturity IS NOT NULL
       AND NOT EXISTS (
            SELECT 1
              FROM recouvrement_communication c
             WHERE c.partner_id = am.commercial_partner_id
               AND c.company_id = am.company_id
               AND c.currency_id = am.currency_id
               AND (c.date = %(date)s OR c.state IN ('to_review', 'error'))
       )
     GROUP BY am.id, rp.id
    HAVING MIN(aml.date_maturity) <= %(horizon)s
"""


class RecouvrementRun(models.AbstractModel):
    """The daily dunning run: one query for the open receivables, the levels
    chosen in memory (``lib.dunning``), communications created in batch."""

    _name = "recouvrement.run"
    _inherit = ["recouvrement.run.builder"]
    _description = "Dunning Run"

    @api.model
    def action_run_dunning(self):
        """Button: run the dunning now for the current company, then open the
        review queue."""
        self._run(companies=self.env.company)
        return self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_base.action_recouvrement_review_queue"
        )

    @api.model
    def _cron_run_dunning(self):
        """The daily run, for every company, then the follow-up of the day
        (``_cron_follow_up``). When its time is up before everything is
        sent, the cron stops and runs again at once: the next run sends what
        is left (and then does the rest)."""
        self._run(commit=True)
        if not self.env["ir.cron"]._commit_progress():
            return
        self._cron_follow_up(commit=True)

    @api.model
    def _cron_follow_up(self, commit=False):
        """What the daily cron does after the run: the prescription watch.
        Each addon adds its own follow-up (``super()`` last when what it does
        changes tomorrow's run: a payment plan breached today returns its
        invoices to the dunning)."""
        self.env["account.move"]._recouvrement_prescription_watch()

    @api.model
    def _run(self, date=None, companies=None, commit=False, partners=None):
        """Create today's communications and send the automatic ones, with
        those a previous run created and had no time to send.

        :param commit: commit after creating and after each batch sent, and
            stop sending when the cron's time is up (cron)
        :param partners: run for these customers (commercial entities) only;
            the others' invoices and what a run withheld from them are left
            as they are
        :return: the communications created
        """
        date = date or fields.Date.context_today(self)
        companies = companies or self._companies_with_policy()
        communications = self.env["recouvrement.communication"]
        for company in companies:
            started = fields.Datetime.now()
            log = (
                self.env["recouvrement.run.log"]
                .sudo()
                ._start(date, company, partners=partners)
            )
            created = self.with_company(company)._run_company(
                date, company, partners=partners
            )
            log._record_created(created)
            self._propose_litigation(created)
            communications |= created
            if commit:
                self.env["ir.cron"]._commit_progress()
            finished = self._send_automatic(company, log, commit=commit, date=date)
            log._finish(started, stopped_by_budget=not finished)
            if commit:
                self.env["ir.cron"]._commit_progress()
            if not finished:
                break
        return communications

    @api.model
    def _send_automatic(self, company, log, commit=False, date=None):
        """Send, by batches, the communications of levels sent without
        review that are still waiting: those just created and those a run
        stopped by its time budget left. Each is locked and sent once
        (``_send_one`` skips one already sent). The letters bear ``date``, the
        day of the run (today for the cron).

        :return: whether everything was sent (False: the time was up)"""
        # one query, not one per thousand communications (prefetch)
        to_send = self.env["recouvrement.communication"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "to_review"),
                ("level_id.review_needed", "=", False),
            ],
            order="id",
        )
        if commit:
            self.env["ir.cron"]._commit_progress(remaining=len(to_send))
        size = self._send_batch_size()
        for start in range(0, len(to_send), size):
            batch = to_send[start : start + size]
            # the letters bear the day of the run (the demo replays past days)
            self.env["recouvrement.communication.send"]._send_communications(
                batch, on_date=date
            )
            log._record_sent(batch)
            if commit and not self.env["ir.cron"]._commit_progress(len(batch)):
                _logger.info(
                    "Dunning run: time is up, %s communications left for the next run",
                    len(to_send) - start - len(batch),
                )
                return False
        return True

    @api.model
    def _send_batch_size(self):
        """Communications sent between two commits (system parameter
        ``account_recouvrement.send_batch_size``, 50 by default)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("account_recouvrement.send_batch_size")
        )
        try:
            return max(int(value), 1) if value else SEND_BATCH
        except ValueError:
            return SEND_BATCH

    def _propose_litigation(self, communications):
        """The customers who reach a "Pass to litigation" level: an activity
        for their credit controller on the reminder, proposing to open a
        litigation case (a person decides)."""
        # one query, not a read of every communication's level a thousand at
        # a time
        proposing = communications.search(
            [
                ("id", "in", communications.ids),
                ("level_id.propose_litigation", "=", True),
            ]
        )
        for comm in proposing:
            comm.activity_schedule(
                LITIGATION_ACTIVITY,
                date_deadline=comm.date,
                summary=self.env._(
                    "%(customer)s reached %(level)s with %(amount)s overdue: open a "
                    "litigation case?",
                    customer=comm.partner_id.name,
                    level=comm.level_id.name,
                    amount=comm.currency_id.format(comm.amount_overdue),
                ),
                user_id=(comm.user_id or self.env.user).id,
            )
        return proposing

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
                    "A dunning run is already in progress for %(company)s.",
                    company=company.name,
                )
            )

    def _dunned_sql(self, date):
        """The conditions an open invoice meets to be dunned on ``date``,
        besides being open, due and not excluded: SQL on ``am`` (the invoice,
        ``account_move``) and ``rp`` (its commercial partner). Each addon of
        the suite adds the invoices it holds back (``super()``): those a
        factor collects, the customers under insolvency proceedings. The
        core holds none back."""
        return []

    def _run_company(self, date, company, partners=None):
        self._lock(company)
        default_policy = company.recouvrement_policy_id
        self._reset_closed_invoices(company)
        self._cancel_paid_communications(company)
        policies = self.env["recouvrement.policy"].search(
            [("company_id", "=", company.id)]
        )
        if not policies:
            return self.env["recouvrement.communication"]
        specs = {policy.id: policy._get_level_specs() for policy in policies}
        max_advance = max(
            [-spec.delay_days for levels in specs.values() for spec in levels] + [0]
        )
        self.env.flush_all()
        # the customer's policy and salesperson come with the invoices: no
        # query per customer (the policy is company-dependent, read with the
        # company's fallback)
        partner_policy = (
            self.env["res.partner"]
            .with_company(company)
            ._field_to_sql("rp", "recouvrement_policy_id")
        )
        self.env.cr.execute(
            SQL(
                OPEN_RECEIVABLES_QUERY,
                open_receivable=open_receivable_sql(),
                dunned=SQL(" AND ").join(
                    [
                        SQL("TRUE"),  # the core holds nothing back itself
                        *self._dunned_sql(date),
                        *(
                            [
                                SQL(
                                    "am.commercial_partner_id = ANY(%s)",
                                    partners.commercial_partner_id.ids,
                                )
                            ]
                            if partners is not None
                            else []
                        ),
                    ]
                ),
                partner_policy=partner_policy,
                date=date,
                horizon=date + timedelta(days=max_advance),
                company=company.id,
            )
        )
        rows = self.env.cr.dictfetchall()
        if not rows:
            self.env["recouvrement.skip"]._record(date, company, {}, partners)
            return self.env["recouvrement.communication"]
        tolerances = {policy.id: policy.tolerance_amount for policy in policies}
        company_currency = company.currency_id
        # group by customer and currency, choose the level of each invoice
        groups = defaultdict(list)
        for row in rows:
            policy_id = row["partner_policy_id"] or default_policy.id
            levels = specs.get(policy_id)
            if not levels:
                continue
            # not above the tolerance, at the currency's precision (compared
            # only when the amounts are within a unit of it)
            tolerance = tolerances[policy_id]
            residual = row["residual_company"]
            if residual - tolerance <= company_currency.rounding and (
                company_currency.compare_amounts(residual, tolerance) <= 0
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
        credits = self._read_credits(company, groups)
        skips = self._withhold_covered(date, groups, credits)
        self.env["recouvrement.skip"]._record(date, company, skips, partners)
        return self._create_communications(date, company, groups, specs, credits)

    def _reset_closed_invoices(self, company):
        """Paid or reversed invoices leave dunning: their level is cleared."""
        closed = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("recouvrement_level_id", "!=", False),
                ("payment_state", "in", CLOSED_PAYMENT_STATES),
            ]
        )
        closed.write({"recouvrement_level_id": False})

    def _cancel_paid_communications(self, company):
        """The pending communications get today's amounts (one UPDATE) and
        credits; those whose invoices are all paid are withdrawn, and so are
        those whose open credits now cover what they claim."""
        changed = self.env["recouvrement.communication.line"]._refresh_pending(company)
        changed |= self.env["recouvrement.communication.credit"]._refresh_pending(
            company
        )
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT c.id
              FROM recouvrement_communication c
             WHERE c.company_id = %s
               AND c.state IN ('to_review', 'error')
               AND NOT EXISTS (SELECT 1
                                 FROM recouvrement_communication_line l
                                WHERE l.communication_id = c.id
                                  AND l.amount_residual > 0)
            """,
            [company.id],
        )
        paid = self.env["recouvrement.communication"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )
        paid.write(
            {"state": "cancelled", "note": self.env._("Every invoice was paid.")}
        )
        covered = (changed - paid)._get_covered_by_credits()
        covered.write(
            {
                "state": "cancelled",
                "note": self.env._(
                    "The customer's open credit notes and unallocated payments "
                    "cover the amount due."
                ),
            }
        )
