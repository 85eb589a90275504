from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib.dunning import CLOSED_PAYMENT_STATES, next_reminder_date, payment_term_cap


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "recouvrement.prescription"]

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
        ``_recouvrement_check_free``. The core holds none; each addon adds
        its own (``super()``). Always at least one condition."""
        return [SQL("TRUE")]

    def _recouvrement_interest_suspended(self):
        """The invoices among these on which no late interest runs for now
        (the 40 € indemnity stays due). The core suspends none; an addon
        whose records suspend the interest (a payment plan honoured) adds
        them to ``super()``."""
        return self.browse()
