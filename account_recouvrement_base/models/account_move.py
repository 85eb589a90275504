from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..lib.doubtful import provision_target, valid_rate
from ..lib.dunning import CLOSED_PAYMENT_STATES, next_reminder_date, payment_term_cap


class AccountMove(models.Model):
    _inherit = "account.move"

    recouvrement_level_id = fields.Many2one(
        comodel_name="recouvrement.level",
        string="Dunning level",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    recouvrement_last_date = fields.Date(
        string="Last reminder",
        readonly=True,
        copy=False,
    )
    recouvrement_next_date = fields.Date(
        string="Next reminder",
        compute="_compute_recouvrement_next_date",
    )
    recouvrement_postponed_until = fields.Date(
        string="Dunning postponed until",
        readonly=True,
        copy=False,
    )
    recouvrement_exclusion_ids = fields.One2many(
        comodel_name="recouvrement.exclusion",
        inverse_name="move_id",
        string="Dunning exclusions",
        context={"active_test": False},
    )
    recouvrement_excluded = fields.Boolean(
        string="Excluded from dunning",
        compute="_compute_recouvrement_excluded",
        store=True,
        copy=False,
    )
    recouvrement_exclusion_reason = fields.Char(
        string="Exclusion reason",
        compute="_compute_recouvrement_excluded",
        store=True,
        copy=False,
    )
    recouvrement_line_ids = fields.One2many(
        comodel_name="recouvrement.communication.line",
        inverse_name="move_id",
        string="Dunning history",
        readonly=True,
    )
    recouvrement_is_charge = fields.Boolean(
        string="Late-payment charges invoice",
        readonly=True,
        copy=False,
        help="This invoice bills late interest and indemnities: it bears no "
        "late interest itself.",
    )
    recouvrement_charge_ids = fields.One2many(
        comodel_name="recouvrement.charge",
        inverse_name="move_id",
        string="Late-payment charges",
        readonly=True,
    )
    recouvrement_acknowledgement_date = fields.Date(
        string="Prescription interrupted on",
        copy=False,
        tracking=True,
        help="The last act, other than a payment, that interrupts the "
        "prescription (C. civ. 2240 to 2244): a written acknowledgement of the "
        "debt, a court claim, an enforcement measure. The prescription runs "
        "again from it. A formal notice does not interrupt it.",
    )
    recouvrement_last_payment_date = fields.Date(
        string="Last payment",
        compute="_compute_recouvrement_last_payment_date",
        store=True,
        help="The last payment received on the invoice: a partial payment "
        "acknowledges the debt and restarts the prescription.",
    )
    recouvrement_prescription_date = fields.Date(
        string="Prescription date",
        compute="_compute_recouvrement_prescription_date",
        store=True,
        help="After this date the claim is time-barred: 5 years between "
        "professionals from the due date, 2 years against a consumer from the "
        "invoice date, restarted by the last payment or acknowledgement.",
    )
    recouvrement_prescription_warned_date = fields.Date(
        string="Prescription warning sent for",
        readonly=True,
        copy=False,
        help="The prescription date the last warning was about: a new date "
        "(after a payment or an acknowledgement) is warned again.",
    )
    recouvrement_term_over_cap = fields.Boolean(
        string="Payment term over the legal cap",
        compute="_compute_recouvrement_term_over_cap",
        store=True,
        help="C. com. L441-10 I: between professionals, the due date may not be "
        "more than 60 days after the invoice date (or 45 days end of month).",
    )
    recouvrement_communication_count = fields.Integer(
        string="Reminders",
        compute="_compute_recouvrement_communication_count",
    )
    recouvrement_held = fields.Boolean(
        string="Held by a collection record",
        compute="_compute_recouvrement_held",
        help="A record of the collection suite holds the invoice and releases "
        "it itself (an open dispute): it is not chased again, scheduled or "
        "taken to court by hand meanwhile.",
    )

    @api.depends(
        "recouvrement_exclusion_ids.active", "recouvrement_exclusion_ids.reason"
    )
    def _compute_recouvrement_excluded(self):
        for move in self:
            active = move.recouvrement_exclusion_ids.filtered("active")
            move.recouvrement_excluded = bool(active)
            move.recouvrement_exclusion_reason = (
                "; ".join(active.mapped("reason")) or False
            )

    @api.depends(
        "line_ids.matched_credit_ids.max_date",
        "line_ids.matched_credit_ids.credit_move_id.move_id.move_type",
        "recouvrement_doubtful_line_id.matched_credit_ids.max_date",
    )
    def _compute_recouvrement_last_payment_date(self):
        for move in self:
            receivable = move.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            # a credit note, or the transfer to doubtful receivables, settles
            # the invoice without the debtor paying
            paid = receivable.matched_credit_ids.filtered(
                lambda partial, move=move: (
                    partial.credit_move_id.move_id.move_type != "out_refund"
                    and partial.credit_move_id.move_id.recouvrement_doubtful_origin_id
                    != move
                )
            )
            # after the transfer, the payments are carried to the 416 line
            paid |= move.recouvrement_doubtful_line_id.matched_credit_ids.filtered(
                lambda partial: (
                    partial.credit_move_id.move_id.recouvrement_doubtful_kind
                    == "payment"
                )
            )
            move.recouvrement_last_payment_date = max(
                paid.mapped("max_date"), default=False
            )

    @api.depends(
        "invoice_date",
        "invoice_date_due",
        "move_type",
        "recouvrement_last_payment_date",
        "recouvrement_acknowledgement_date",
        "commercial_partner_id.recouvrement_debtor_type",
        "company_id.recouvrement_prescription_years_pro",
        "company_id.recouvrement_prescription_years_consumer",
    )
    def _compute_recouvrement_prescription_date(self):
        for move in self:
            if move.move_type != "out_invoice" or not move.invoice_date_due:
                move.recouvrement_prescription_date = False
                continue
            company = move.company_id
            if move.commercial_partner_id.recouvrement_debtor_type == "consumer":
                # C. conso. L218-2: from the performance, the invoice date
                years = company.recouvrement_prescription_years_consumer
                start = move.invoice_date or move.invoice_date_due
            else:
                # C. com. L110-4: from the day the debt is due
                years = company.recouvrement_prescription_years_pro
                start = move.invoice_date_due
            # C. civ. 2240: an acknowledgement (a payment included) restarts it
            start = max(
                day
                for day in (
                    start,
                    move.recouvrement_last_payment_date,
                    move.recouvrement_acknowledgement_date,
                )
                if day
            )
            move.recouvrement_prescription_date = start + relativedelta(years=years)

    @api.depends(
        "move_type",
        "invoice_date",
        "invoice_date_due",
        "commercial_partner_id.recouvrement_debtor_type",
        "company_id.recouvrement_payment_term_cap",
    )
    def _compute_recouvrement_term_over_cap(self):
        for move in self:
            move.recouvrement_term_over_cap = bool(
                move.move_type == "out_invoice"
                and move.invoice_date
                and move.invoice_date_due
                and move.commercial_partner_id.recouvrement_debtor_type
                == "professional"
                and move.invoice_date_due
                > payment_term_cap(
                    move.invoice_date, move.company_id.recouvrement_payment_term_cap
                )
            )

    def _recouvrement_late_payment_mention(self):
        """The L441-9 mention of an invoice to a professional, in the
        customer's language: the late-payment rate that applies and the 40 €
        indemnity (empty for the other customers)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if self.move_type != "out_invoice" or partner.recouvrement_debtor_type != (
            "professional"
        ):
            return ""
        env = self.with_context(lang=partner.lang or self.env.lang).env
        # a charges invoice bears no late interest itself
        if partner.recouvrement_no_charges or self.recouvrement_is_charge:
            return ""
        if partner.recouvrement_contract_rate:
            return env._(
                "Late payment: penalties at the annual rate of %(rate)s %% (never "
                "below three times the legal interest rate) from the day after the "
                "due date, and a fixed indemnity of 40 € for recovery costs "
                "(articles L441-10 and D441-5 of the French Commercial Code). No "
                "discount for early payment.",
                rate=partner.recouvrement_contract_rate,
            )
        return env._(
            "Late payment: penalties at the rate of the European Central Bank's "
            "latest refinancing operation plus 10 points from the day after the due "
            "date, and a fixed indemnity of 40 € for recovery costs (articles "
            "L441-10 and D441-5 of the French Commercial Code). No discount for "
            "early payment."
        )

    @api.constrains("recouvrement_acknowledgement_date", "invoice_date")
    def _check_recouvrement_acknowledgement_date(self):
        today = fields.Date.context_today(self)
        for move in self:
            day = move.recouvrement_acknowledgement_date
            if not day:
                continue
            if day > today:
                raise ValidationError(
                    self.env._(
                        "The prescription of %(invoice)s cannot be interrupted on "
                        "a future date (%(date)s).",
                        invoice=move.display_name,
                        date=format_date(self.env, day),
                    )
                )
            if move.invoice_date and day < move.invoice_date:
                raise ValidationError(
                    self.env._(
                        "The prescription of %(invoice)s cannot be interrupted "
                        "before the invoice date (%(date)s).",
                        invoice=move.display_name,
                        date=format_date(self.env, move.invoice_date),
                    )
                )

    @api.model
    def _recouvrement_prescription_watch(self, today=None):
        """An activity for the credit controller before an open invoice is
        time-barred (once per invoice)."""
        today = today or fields.Date.context_today(self)
        groups = self.env["res.company"]._read_group(
            [], aggregates=["recouvrement_prescription_warning_days:max"]
        )
        longest = groups[0][0] or 0
        moves = self.search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("recouvrement_prescription_date", "!=", False),
                (
                    "recouvrement_prescription_date",
                    "<=",
                    today + relativedelta(days=longest),
                ),
            ]
        ).filtered(
            lambda m: (
                # warned once per prescription date: a restarted one is warned again
                m.recouvrement_prescription_warned_date
                != m.recouvrement_prescription_date
                and m.recouvrement_prescription_date
                <= today
                + relativedelta(
                    days=m.company_id.recouvrement_prescription_warning_days
                )
            )
        )
        for move in moves:
            move.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=self.env._(
                    "Time-barred on %(date)s: interrupt the prescription "
                    "(acknowledgement of debt, court claim)",
                    date=move.recouvrement_prescription_date,
                ),
                user_id=(move.invoice_user_id or self.env.user).id,
            )
        for move in moves:
            move.recouvrement_prescription_warned_date = (
                move.recouvrement_prescription_date
            )
        return moves

    @api.depends("recouvrement_line_ids")
    def _compute_recouvrement_communication_count(self):
        data = self.env["recouvrement.communication.line"]._read_group(
            [("move_id", "in", self.ids)], ["move_id"], ["__count"]
        )
        counts = {move.id: count for move, count in data}
        for move in self:
            move.recouvrement_communication_count = counts.get(move.id, 0)

    @api.depends(
        "recouvrement_level_id",
        "recouvrement_last_date",
        "recouvrement_postponed_until",
        "invoice_date_due",
        "payment_state",
        "recouvrement_excluded",
    )
    def _compute_recouvrement_next_date(self):
        today = fields.Date.context_today(self)
        for move in self:
            move.recouvrement_next_date = False
            if (
                move.state != "posted"
                or move.move_type != "out_invoice"
                or move.payment_state in CLOSED_PAYMENT_STATES
                or move.recouvrement_excluded
                or not move.invoice_date_due
            ):
                continue
            policy = move._get_recouvrement_policy()
            if not policy:
                continue
            next_date = next_reminder_date(
                policy._get_level_specs(),
                move.recouvrement_level_id.id,
                move.invoice_date_due,
                move.recouvrement_last_date,
                today,
            )
            if next_date and move.recouvrement_postponed_until:
                next_date = max(next_date, move.recouvrement_postponed_until)
            move.recouvrement_next_date = next_date

    def _get_recouvrement_policy(self):
        self.ensure_one()
        partner = self.commercial_partner_id.with_company(self.company_id)
        return partner.recouvrement_policy_id or self.company_id.recouvrement_policy_id

    def _recouvrement_exclude(
        self, reason, source="manual", origin=None, keep_level=False, bulk=False
    ):
        """Keep these invoices out of dunning (the generic mechanism used by
        disputes, payment plans and factoring), and withdraw them from the
        reminders waiting to be sent. Their level is reset, unless
        ``keep_level`` (a dispute: rejected, the dunning resumes there).

        :param bulk: insert the exclusions with one query, whatever their
            number (a factoring batch of thousands of invoices), rather than
            the ORM's hundred at a time: the values are complete here, and the
            exclusion has no ``create`` of its own to run"""
        if not (reason or "").strip():
            raise UserError(
                self.env._("Give a reason to exclude invoices from dunning.")
            )
        wrong = self.filtered(
            lambda move: move.move_type != "out_invoice" or move.state != "posted"
        )
        if wrong:
            raise UserError(
                self.env._(
                    "Only posted customer invoices can be excluded from dunning: "
                    "%(names)s.",
                    names=", ".join(wrong.mapped("display_name")),
                )
            )
        origin_ref = origin and f"{origin._name},{origin.id}"  # fields.Reference
        vals_list = [
            {
                "move_id": move.id,
                "reason": reason,
                "source": source,
                "origin_ref": origin_ref,
            }
            for move in self
        ]
        Exclusion = self.env["recouvrement.exclusion"]
        if bulk:
            for vals, move in zip(vals_list, self, strict=True):
                vals["company_id"] = move.company_id.id  # stored related
            exclusions = self.env["recouvrement.bulk"]._insert_records(
                Exclusion, vals_list
            )
            # read back at once: the invoices' exclusion flags are recomputed
            # from them, and past a thousand invoices the ORM would read each
            # new exclusion on its own
            exclusions.fetch()
        else:
            exclusions = Exclusion.create(vals_list)
        if not keep_level:
            self.write({"recouvrement_level_id": False})
        self.env["recouvrement.communication"]._withdraw_invoices(self, reason)
        return exclusions

    def _recouvrement_include(self, source=None, origin=None):
        """Close the exclusions of these invoices (of one source/origin)."""
        exclusions = self.recouvrement_exclusion_ids.filtered("active")
        if source:
            exclusions = exclusions.filtered(lambda exc: exc.source == source)
        if origin:
            exclusions = exclusions.filtered(lambda exc: exc.origin_ref == origin)
        return exclusions.action_close()

    def action_recouvrement_include(self):
        return self._recouvrement_include(source="manual")

    def action_view_recouvrement_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_base.action_recouvrement_communication_line"
        )
        action["domain"] = [("move_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

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

    def _recouvrement_check_one_company(self):
        if len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "The doubtful receivables entries are posted company by "
                    "company: %(names)s belong to several companies.",
                    names=", ".join(self.mapped("display_name")),
                )
            )

    def _recouvrement_check_transferred(self, date=None):
        """The invoices are doubtful receivables, not written off yet, and
        transferred on or before ``date``."""
        self._recouvrement_check_one_company()
        not_transferred = self.filtered(
            lambda move: not move.recouvrement_doubtful_line_id
        )
        if not_transferred:
            raise UserError(
                self.env._(
                    "Transfer these invoices to doubtful receivables first: %(names)s.",
                    names=", ".join(not_transferred.mapped("display_name")),
                )
            )
        written_off = self.filtered("recouvrement_write_off_move_id")
        if written_off:
            raise UserError(
                self.env._(
                    "These receivables are already written off: %(names)s.",
                    names=", ".join(written_off.mapped("display_name")),
                )
            )
        early = self.filtered(
            lambda move: date and date < move.recouvrement_doubtful_move_id.date
        )
        if early:
            raise UserError(
                self.env._(
                    "An entry of a doubtful receivable cannot be dated before its "
                    "transfer to 416 (%(names)s).",
                    names=", ".join(early.mapped("display_name")),
                )
            )

    def _recouvrement_post_entry(self, journal, date, label, lines, kind):
        """Post a miscellaneous entry of this invoice (``lines``: values of
        account.move.line; ``kind``: a recouvrement_doubtful_kind)."""
        self.ensure_one()
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": date,
                "ref": label,
                "recouvrement_doubtful_origin_id": self.id,
                "recouvrement_doubtful_kind": kind,
                "line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "partner_id": self.commercial_partner_id.id,
                            **values,
                        }
                    )
                    for values in lines
                ],
            }
        )
        entry.action_post()
        return entry

    def _recouvrement_transfer_doubtful(self, date=None):
        """Move what remains due on these posted customer invoices from their
        receivable account (411) to the doubtful receivables (416): one
        posted entry per invoice, whose 411 credit is reconciled with the
        invoice (settled on 411) and whose 416 debit carries the claim
        (``recouvrement_doubtful_line_id``). Returns the entries."""
        self._recouvrement_check_one_company()
        date = date or fields.Date.context_today(self)
        for move in self:
            if move.move_type != "out_invoice":
                raise UserError(
                    self.env._(
                        "Only customer invoices can be transferred to doubtful "
                        "receivables: %(name)s.",
                        name=move.display_name,
                    )
                )
            if move.state != "posted":
                raise UserError(
                    self.env._(
                        "Post the invoice %(name)s before transferring it to "
                        "doubtful receivables.",
                        name=move.display_name,
                    )
                )
            if move.recouvrement_doubtful_move_id:
                raise UserError(
                    self.env._(
                        "The invoice %(name)s is already a doubtful receivable.",
                        name=move.display_name,
                    )
                )
            if move.currency_id.is_zero(move.amount_residual):
                raise UserError(
                    self.env._(
                        "Nothing remains due on the invoice %(name)s: it cannot "
                        "become a doubtful receivable.",
                        name=move.display_name,
                    )
                )
            if move.invoice_date and date < move.invoice_date:
                raise UserError(
                    self.env._(
                        "The invoice %(name)s cannot be transferred to doubtful "
                        "receivables before its date (%(date)s).",
                        name=move.display_name,
                        date=format_date(self.env, move.invoice_date),
                    )
                )
        if not self:
            return self
        company = self.company_id
        doubtful_account = company._recouvrement_doubtful_account("doubtful")
        journal = company._recouvrement_doubtful_journal()
        entries = self.env["account.move"]
        for move in self:
            open_lines = move.line_ids.filtered(
                lambda line: (
                    line.account_type == "asset_receivable" and not line.reconciled
                )
            )
            label = self.env._("Doubtful receivable %(name)s", name=move.name)
            # the residuals in both currencies: 411 closes without exchange
            # difference, 416 keeps the invoice's historical value
            lines = [
                {
                    "account_id": line.account_id.id,
                    "currency_id": line.currency_id.id,
                    "amount_currency": -line.amount_residual_currency,
                    "balance": -line.amount_residual,
                }
                for line in open_lines
            ]
            lines.append(
                {
                    "account_id": doubtful_account.id,
                    "currency_id": move.currency_id.id,
                    "amount_currency": sum(
                        open_lines.mapped("amount_residual_currency")
                    ),
                    "balance": sum(open_lines.mapped("amount_residual")),
                    "date_maturity": move.invoice_date_due,
                }
            )
            entry = move._recouvrement_post_entry(
                journal, date, label, lines, "transfer"
            )
            for account in open_lines.account_id:
                (open_lines | entry.line_ids).filtered(
                    lambda line, account=account: line.account_id == account
                ).reconcile()
            move.write(
                {
                    "recouvrement_doubtful_move_id": entry.id,
                    "recouvrement_doubtful_line_id": entry.line_ids.filtered(
                        lambda line: line.account_id == doubtful_account
                    ).id,
                }
            )
            entries |= entry
        return entries

    def _recouvrement_provision(self, rate, date=None):
        """Provision these doubtful receivables at ``rate`` percent of what
        remains owed excl. VAT: only the difference with the current
        provision is posted (increase 6817/491, decrease 491/7817). Returns
        the entries."""
        rate = valid_rate(rate)
        if rate is None:
            raise ValidationError(
                self.env._("The provision rate must be a percentage between 0 and 100.")
            )
        date = date or fields.Date.context_today(self)
        self._recouvrement_check_transferred(date)
        return self._recouvrement_adjust_provision(date=date, rate=rate)

    def _recouvrement_release_provision(self, date=None):
        """On recovery: recompute the provision of these doubtful receivables
        on what still remains owed at their rate, and reverse the excess
        (491 → 7817) — all of it once the 416 line is paid."""
        date = date or fields.Date.context_today(self)
        self._recouvrement_check_transferred(date)
        return self._recouvrement_adjust_provision(date=date)

    def _recouvrement_adjust_provision(self, date=None, rate=None):
        """Bring the provision of each invoice to (what remains owed excl.
        VAT) × ``rate`` (each invoice's own rate when None) / 100, rounded to
        the company's currency, by posting the difference."""
        date = date or fields.Date.context_today(self)
        entries = self.env["account.move"]
        if not self:
            return entries
        company = self.company_id
        provision_account = company._recouvrement_doubtful_account("provision")
        expense_account = company._recouvrement_doubtful_account("provision_expense")
        income_account = company._recouvrement_doubtful_account("provision_income")
        journal = company._recouvrement_doubtful_journal()
        for move in self:
            currency = move.company_currency_id
            move_rate = move.recouvrement_provision_rate if rate is None else rate
            # in the company's currency: 416 residual × untaxed / total
            target = currency.round(
                provision_target(
                    move.recouvrement_doubtful_line_id.amount_residual,
                    move.amount_untaxed_signed,
                    move.amount_total_signed,
                    move_rate,
                    digits=currency.decimal_places,
                )
            )
            difference = currency.round(target - move.recouvrement_provision_amount)
            if not currency.is_zero(difference):
                if difference > 0:
                    label = self.env._(
                        "Provision for doubtful receivable %(name)s", name=move.name
                    )
                    debit, credit = expense_account, provision_account
                    kind = "provision"
                else:
                    label = self.env._(
                        "Provision reversal for doubtful receivable %(name)s",
                        name=move.name,
                    )
                    debit, credit = provision_account, income_account
                    kind = "provision_reversal"
                entry = move._recouvrement_post_entry(
                    journal,
                    date,
                    label,
                    [
                        {"account_id": debit.id, "balance": abs(difference)},
                        {"account_id": credit.id, "balance": -abs(difference)},
                    ],
                    kind,
                )
                move.recouvrement_provision_move_ids = [Command.link(entry.id)]
                entries |= entry
            move.write(
                {
                    "recouvrement_provision_rate": move_rate,
                    "recouvrement_provision_amount": target,
                }
            )
            if currency.is_zero(target) and provision_account.reconcile:
                # provisions and reversals cancel out: nothing stays open on 491
                move.recouvrement_provision_move_ids.line_ids.filtered(
                    lambda line: (
                        line.account_id == provision_account and not line.reconciled
                    )
                ).reconcile()
        return entries

    def _recouvrement_settle_doubtful(self, credit_lines, date, label, kind):
        """Post the transfer 411 → 416 of open customer credits (a payment,
        the write-off credit note) and reconcile it on both sides: with the
        credits on 411, with this invoice's 416 line."""
        self.ensure_one()
        doubtful_line = self.recouvrement_doubtful_line_id
        receivable_account = credit_lines[0].account_id
        amount = min(
            -sum(credit_lines.mapped("amount_residual_currency")),
            doubtful_line.amount_residual_currency,
        )
        if self.currency_id.compare_amounts(
            amount, doubtful_line.amount_residual_currency
        ):
            balance = self.company_currency_id.round(
                doubtful_line.amount_residual
                * amount
                / doubtful_line.amount_residual_currency
            )
        else:
            balance = doubtful_line.amount_residual
        entry = self._recouvrement_post_entry(
            self.company_id._recouvrement_doubtful_journal(),
            date,
            label,
            [
                {
                    "account_id": receivable_account.id,
                    "currency_id": self.currency_id.id,
                    "amount_currency": amount,
                    "balance": balance,
                },
                {
                    "account_id": doubtful_line.account_id.id,
                    "currency_id": self.currency_id.id,
                    "amount_currency": -amount,
                    "balance": -balance,
                },
            ],
            kind,
        )
        (
            (credit_lines | entry.line_ids).filtered(
                lambda line: line.account_id == receivable_account
            )
        ).reconcile()
        (
            doubtful_line
            | entry.line_ids.filtered(
                lambda line: line.account_id == doubtful_line.account_id
            )
        ).reconcile()
        return entry

    def _recouvrement_apply_doubtful_payment(self, payment_lines, date=None):
        """A payment received after the transfer is registered as usual on
        the customer (an open credit on 411): this posts the 411 → 416
        transfer of that credit, reconciles it with the payment and with the
        416 line of this invoice, and releases the provision accordingly.
        The invoice's *Apply a payment* button (on its Dunning tab) does it
        from the form. Returns the entries."""
        self.ensure_one()
        date = date or fields.Date.context_today(self)
        self._recouvrement_check_transferred(date)
        doubtful_line = self.recouvrement_doubtful_line_id
        payment_lines = payment_lines.filtered(
            lambda line: (
                line.account_type == "asset_receivable"
                and not line.reconciled
                and line.amount_residual_currency < 0
            )
        )
        wrong = payment_lines.filtered(
            lambda line: (
                line.partner_id.commercial_partner_id != self.commercial_partner_id
                or line.currency_id != self.currency_id
                or line.company_id != self.company_id
                or line.account_id != payment_lines[0].account_id
            )
        )
        if not payment_lines or wrong:
            raise UserError(
                self.env._(
                    "Choose open payments of %(partner)s in %(currency)s to settle "
                    "the doubtful receivable %(name)s.",
                    partner=self.commercial_partner_id.display_name,
                    currency=self.currency_id.name,
                    name=self.display_name,
                )
            )
        if self.currency_id.is_zero(doubtful_line.amount_residual_currency):
            raise UserError(
                self.env._(
                    "Nothing remains owed on the doubtful receivable %(name)s.",
                    name=self.display_name,
                )
            )
        entry = self._recouvrement_settle_doubtful(
            payment_lines,
            date,
            self.env._("Payment of the doubtful receivable %(name)s", name=self.name),
            "payment",
        )
        return entry | self._recouvrement_release_provision(date=date)

    def _recouvrement_write_off(self, date=None):
        """Write these doubtful receivables off as irrecoverable: for each, a
        credit note of the original invoice (``reversed_entry_id``, the VAT
        regularisation of CGI art. 272) for what remains owed — debit 654
        excl. VAT, debit 44571 the VAT, credit 411 — whose receivable side is
        carried at once to the 416 line (debit 411 / credit 416, reconciled
        on both sides: Odoo wants a credit note's receivable line on a
        receivable account, 416 is not one), and the reversal of the whole
        provision (491 → 7817). Returns the entries."""
        date = date or fields.Date.context_today(self)
        self._recouvrement_check_transferred(date)
        recovered = self.filtered(
            lambda move: move.currency_id.is_zero(move.recouvrement_doubtful_residual)
        )
        if recovered:
            raise UserError(
                self.env._(
                    "Nothing remains owed on %(names)s: there is nothing to write off.",
                    names=", ".join(recovered.mapped("display_name")),
                )
            )
        entries = self.env["account.move"]
        if not self:
            return entries
        company = self.company_id
        # every account found before anything is posted
        year_start = company.compute_fiscalyear_dates(date)["date_from"]
        loss_accounts = {
            move: company._recouvrement_doubtful_account(
                "write_off_previous"
                if move.invoice_date and move.invoice_date < year_start
                else "write_off"
            )
            for move in self
        }
        journal = company._recouvrement_doubtful_journal()
        for move in self:
            entries |= move._recouvrement_write_off_one(
                date, loss_accounts[move], journal
            )
        return entries

    def _recouvrement_write_off_one(self, date, loss_account, journal):
        self.ensure_one()
        doubtful_line = self.recouvrement_doubtful_line_id
        currency = self.currency_id
        ratio = doubtful_line.amount_residual_currency / self.amount_total
        credit_note = self._reverse_moves(
            [
                {
                    "date": date,
                    "invoice_date": date,
                    "invoice_date_due": date,
                    "invoice_payment_term_id": False,
                    "ref": self.env._(
                        "Irrecoverable receivable written off: %(name)s",
                        name=self.name,
                    ),
                    "recouvrement_doubtful_origin_id": self.id,
                    "recouvrement_doubtful_kind": "write_off",
                }
            ]
        )
        updates = []
        for line in credit_note.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        ):
            values = {"account_id": loss_account.id}
            if currency.compare_amounts(
                doubtful_line.amount_residual_currency, self.amount_total
            ):
                # what remains owed only: each line in proportion
                included = any(line.tax_ids.mapped("price_include"))
                amount = line.price_total if included else line.price_subtotal
                values.update(
                    quantity=1,
                    discount=0.0,
                    price_unit=currency.round(amount * ratio),
                )
            updates.append(Command.update(line.id, values))
        credit_note.write({"invoice_line_ids": updates})
        credit_note.action_post()
        # a credit note's receivable side must be a receivable account (411):
        # it is carried over to the 416 line at once
        note_lines = credit_note.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )
        entries = credit_note | self._recouvrement_settle_doubtful(
            note_lines,
            date,
            self.env._("Write-off of the doubtful receivable %(name)s", name=self.name),
            "write_off",
        )
        # the taxes of a partial credit note are rounded line by line: the
        # cent or so that the credit note and the 416 line differ goes to 654
        for line in (note_lines | doubtful_line).filtered(
            lambda line: not line.reconciled
        ):
            label = self.env._("Rounding of the write-off of %(name)s", name=self.name)
            rounding = self._recouvrement_post_entry(
                journal,
                date,
                label,
                [
                    {
                        "account_id": line.account_id.id,
                        "currency_id": line.currency_id.id,
                        "amount_currency": -line.amount_residual_currency,
                        "balance": -line.amount_residual,
                    },
                    {
                        "account_id": loss_account.id,
                        "currency_id": line.currency_id.id,
                        "amount_currency": line.amount_residual_currency,
                        "balance": line.amount_residual,
                    },
                ],
                "write_off",
            )
            (
                line
                | rounding.line_ids.filtered(
                    lambda rl, line=line: rl.account_id == line.account_id
                )
            ).reconcile()
            entries |= rounding
        self.recouvrement_write_off_move_id = credit_note
        return entries | self._recouvrement_adjust_provision(date=date, rate=0.0)

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
            "account_recouvrement_base.action_recouvrement_case_wizard"
        )
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    def action_recouvrement_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_recouvrement_base.action_recouvrement_case"
        )
        action["domain"] = [("move_ids", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Extension point: who collects the invoice
    # ------------------------------------------------------------------

    @api.depends("state")
    def _compute_recouvrement_held(self):
        """The core holds no invoice; each addon whose records hold invoices
        adds them (``super()`` first, then its own)."""
        for move in self:
            move.recouvrement_held = False

    def _recouvrement_check_collectable(self):
        """Refuse the invoices the company does not collect itself, before a
        payment plan or a litigation case takes them in. The core refuses
        none; an addon that hands invoices to someone else (a factor, an
        agency) refuses those it handed over (``super()`` first)."""
        return True

    def _recouvrement_check_free(self, taker):
        """Refuse the invoices that ``taker`` (the record about to take them
        in: a payment plan, a litigation case) may not have: those the
        company does not collect itself, and those another record of the
        suite already holds. Each addon refuses the invoices its records hold
        for another taker (``super()`` first)."""
        return self._recouvrement_check_collectable()

    def _recouvrement_free_sql(self, alias="am"):
        """SQL conditions on the invoice ``alias`` (``account_move``) under
        which no record of the suite holds it, for the set-based queries
        that take invoices in (a factoring batch): the counterpart of
        ``_recouvrement_check_free``. The core's: no litigation case; each
        addon adds its own (``super()``)."""
        return [SQL("%s.recouvrement_case_id IS NULL", SQL.identifier(alias))]

    def _recouvrement_interest_suspended(self):
        """The invoices among these on which no late interest runs for now
        (the 40 € indemnity stays due). The core suspends none; an addon
        whose records suspend the interest (a payment plan honoured) adds
        them to ``super()``."""
        return self.browse()
