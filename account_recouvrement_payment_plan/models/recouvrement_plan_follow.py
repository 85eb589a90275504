import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.account_recouvrement_base.lib.receivable import amount_is_not_zero_sql

_logger = logging.getLogger(__name__)

NOTICE_TEMPLATE = "account_recouvrement_payment_plan.mail_template_plan_notice"
REMINDER_TEMPLATE = "account_recouvrement_payment_plan.mail_template_plan_reminder"
BREACH_REPORT = (
    "account_recouvrement_payment_plan.action_report_recouvrement_plan_breach"
)
TODO_ACTIVITY = "mail.mail_activity_data_todo"


class RecouvrementPlanFollow(models.AbstractModel):
    """The daily follow-up of the active payment plans, after the dunning
    run: late instalments, plans paid off, courtesy notices before an
    instalment, reminders once one is late beyond the grace period, and the
    breach (déchéance du terme) a further delay after the reminder.

    What the instalments received is kept up to date by the ORM as payments
    come (``recouvrement.plan.line._compute_allocation``); each step here
    selects its plans with one query, whatever the number of active plans,
    and acts only on those selected."""

    _name = "recouvrement.plan.follow"
    _description = "Payment Plan Follow-up"

    @api.model
    def _follow(self, today=None, commit=False):
        """:return: {"done": plans, "notified": plans, "reminded": plans,
        "breached": plans}"""
        today = today or fields.Date.context_today(self)
        Plan = self.env["recouvrement.plan"]
        self._mark_late(today)
        result = {"done": self._paid_off_plans()}
        result["done"]._mark_done(today)
        self._progress(commit)
        lines = self._lines_to_notify(today)
        result["notified"] = self._send(lines, NOTICE_TEMPLATE, "notice", today)
        self._progress(commit)
        lines = self._lines_to_remind(today)
        result["reminded"] = self._send(lines, REMINDER_TEMPLATE, "reminder", today)
        self._progress(commit)
        result["breached"] = Plan
        for plan in Plan.browse(self._plans_to_breach(today)):
            try:
                with self.env.cr.savepoint():
                    self._breach(plan, today)
            except Exception as error:  # noqa: BLE001 - the other plans go on
                _logger.warning("Payment plan %s not breached: %s", plan.name, error)
                continue
            result["breached"] |= plan
            self._progress(commit)
        _logger.info(
            "Payment plans on %s: %d done, %d notified, %d reminded, %d breached",
            today,
            len(result["done"]),
            len(result["notified"]),
            len(result["reminded"]),
            len(result["breached"]),
        )
        return result

    def _progress(self, commit):
        if commit:
            self.env["ir.cron"]._commit_progress()

    # ------------------------------------------------------------------
    # Selections (one query each)
    # ------------------------------------------------------------------

    def _mark_late(self, today):
        """The instalments of active plans that fell due yesterday or before
        and still await something are late."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE recouvrement_plan_line line
               SET state = 'late'
              FROM recouvrement_plan plan
             WHERE plan.id = line.plan_id
               AND plan.state = 'active'
               AND line.state = 'open'
               AND line.date_due < %s
            """,
            [today],
        )
        self.env["recouvrement.plan.line"].invalidate_model(["state"])
        # and what the plans compute from it
        self.env["recouvrement.plan"].invalidate_model(
            ["late_line_ids", "amount_late", "next_line_id"]
        )

    def _paid_off_plans(self):
        self.env.cr.execute(
            SQL(
                """
                SELECT plan.id
                  FROM recouvrement_plan plan
                  JOIN res_currency cur ON cur.id = plan.currency_id
                 WHERE plan.state = 'active'
                   AND NOT %(not_zero)s
                """,
                not_zero=amount_is_not_zero_sql(
                    SQL("plan.amount_residual"), SQL("cur.rounding")
                ),
            )
        )
        return self.env["recouvrement.plan"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )

    def _lines_to_notify(self, today):
        """Open instalments falling due within the company's notice days, not
        notified yet (no notice when the company sets 0 days)."""
        self.env.cr.execute(
            """
            SELECT line.id
              FROM recouvrement_plan_line line
              JOIN recouvrement_plan plan ON plan.id = line.plan_id
              JOIN res_company company ON company.id = plan.company_id
             WHERE plan.state = 'active'
               AND line.state = 'open'
               AND line.reminder_state IS NULL
               AND COALESCE(company.recouvrement_plan_notice_days, 0) > 0
               AND line.date_due >= %(today)s
               AND line.date_due <= %(today)s
                                    + company.recouvrement_plan_notice_days
             ORDER BY line.plan_id, line.id
            """,
            {"today": today},
        )
        return self.env["recouvrement.plan.line"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )

    def _lines_to_remind(self, today):
        """Late instalments past their plan's grace period, not reminded yet."""
        self.env.cr.execute(
            """
            SELECT line.id
              FROM recouvrement_plan_line line
              JOIN recouvrement_plan plan ON plan.id = line.plan_id
             WHERE plan.state = 'active'
               AND line.state = 'late'
               AND (line.reminder_state IS NULL OR line.reminder_state = 'notice')
               AND line.date_due + COALESCE(plan.grace_days, 0) < %(today)s
             ORDER BY line.plan_id, line.id
            """,
            {"today": today},
        )
        return self.env["recouvrement.plan.line"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )

    def _plans_to_breach(self, today):
        """Active plans with an instalment still late the company's breach
        days after its reminder."""
        self.env.cr.execute(
            """
            SELECT DISTINCT plan.id
              FROM recouvrement_plan plan
              JOIN recouvrement_plan_line line ON line.plan_id = plan.id
              JOIN res_company company ON company.id = plan.company_id
             WHERE plan.state = 'active'
               AND line.state = 'late'
               AND line.reminder_state = 'reminder'
               AND line.reminder_date
                   + COALESCE(company.recouvrement_plan_breach_days, 0)
                   <= %(today)s
             ORDER BY plan.id
            """,
            {"today": today},
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------

    def _send(self, lines, template_xmlid, reminder_state, today):
        """One email per plan (its customer, the plan's chatter), whatever
        the number of its instalments concerned; those are marked, so that
        the same message is never sent twice about them.

        :return: the plans written to"""
        sent = self.env["recouvrement.plan"]
        if not lines:
            return sent
        template = self.env.ref(template_xmlid)
        for plan in lines.plan_id:
            try:
                with self.env.cr.savepoint():
                    self._send_one(plan, template)
            except Exception as error:  # noqa: BLE001 - the other plans go on
                _logger.warning("Payment plan %s: no message: %s", plan.name, error)
                continue
            sent |= plan
        lines.filtered(lambda line: line.plan_id in sent).write(
            {"reminder_state": reminder_state, "reminder_date": today}
        )
        return sent

    def _send_one(self, plan, template):
        if not plan.recipient_id.email:
            plan.message_post(
                body=self.env._(
                    "%(customer)s has no email address: no message sent about the "
                    "instalments.",
                    customer=plan.partner_id.display_name,
                )
            )
            return
        plan.message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    # ------------------------------------------------------------------
    # Breach
    # ------------------------------------------------------------------

    def _breach(self, plan, today):
        """Déchéance du terme: the whole balance falls due at once. The
        invoices return to the ordinary dunning, one level before the
        formal notice, so that the next run sends it (late from their
        original due dates, the levels' delays and intervals apply as
        usual); the credit controller gets an activity with the notice of
        acceleration to send."""
        plan.write({"state": "breached", "breach_date": today, "close_date": today})
        plan._release()
        self._return_to_formal_notice(
            plan.move_ids.filtered(
                lambda move: not move.currency_id.is_zero(move.amount_residual)
            )
        )
        attachment = self._render_breach_notice(plan)
        late = plan.late_line_ids[:1]
        summary = self.env._(
            "Send the notice of acceleration of %(plan)s to %(customer)s",
            plan=plan.name,
            customer=plan.partner_id.name,
        )
        plan.activity_schedule(
            TODO_ACTIVITY,
            date_deadline=today,
            summary=summary,
            note=self.env._(
                "The instalment due on %(date)s is still unpaid after the "
                "reminder: the whole balance (%(balance)s) is due at once. The "
                "notice is attached; the invoices are back in the dunning.",
                date=format_date(self.env, late.date_due) if late else "",
                balance=plan.currency_id.format(plan.amount_residual),
            ),
            user_id=(plan.user_id or self.env.user).id,
            attachment_ids=attachment.ids,
        )
        plan.message_post(
            body=self.env._(
                "Payment plan breached: the whole balance (%(balance)s) is due at "
                "once and the invoices are back in the dunning.",
                balance=plan.currency_id.format(plan.amount_residual),
            ),
            attachment_ids=attachment.ids,
        )

    def _return_to_formal_notice(self, moves):
        """Each invoice at the level just before its policy's formal notice
        (the policy's last level when none is a formal notice): the next run
        sends the formal notice, as soon as the invoice is late enough for
        it."""
        by_level = defaultdict(lambda: self.env["account.move"])
        for move in moves:
            policy = move._get_recouvrement_policy()
            if not policy:
                continue
            levels = list(policy._get_sorted_levels())
            if not levels:
                continue
            notice = next(
                (level for level in levels if level.is_formal_notice), levels[-1]
            )
            index = levels.index(notice)
            by_level[levels[index - 1] if index else False] |= move
        for level, level_moves in by_level.items():
            level_moves.write({"recouvrement_level_id": level.id if level else False})

    def _render_breach_notice(self, plan):
        name = self.env._(
            "Notice of acceleration %(reference)s - %(customer)s.pdf",
            reference=plan.name,
            customer=plan.partner_id.name,
        )
        return self.env["ir.actions.report"]._recouvrement_archive_pdf(
            BREACH_REPORT, plan, name, field="breach_attachment_id"
        )
