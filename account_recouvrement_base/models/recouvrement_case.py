import io
import re
import zipfile

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_amount, format_date

from ..lib.litigation import (
    dates_out_of_order,
    enforcement_deadline,
    impute,
    opposition_deadline,
    propose_procedure,
    service_deadline,
)

PROCEDURES = [
    ("injonction_commerce", "Injonction de payer (tribunal de commerce)"),
    ("injonction_judiciaire", "Injonction de payer (tribunal judiciaire)"),
    ("small_claims", "Simplified procedure for small claims"),
    ("refere_provision", "Référé-provision"),
    ("assignation", "Summons (assignation)"),
]
CASE_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("closed", "Closed"),
]
OUTCOMES = [
    ("recovered", "Recovered"),
    ("settled", "Settled"),
    ("irrecoverable", "Irrecoverable"),
]
OPEN_PAYMENT_STATES = ("not_paid", "partial")
CASE_FILE_REPORT = "account_recouvrement_base.action_report_recouvrement_case_file"
# (activity type, deadline field, field that says the step is done)
DEADLINE_ACTIVITIES = (
    (
        "account_recouvrement_base.mail_activity_type_case_service",
        "service_deadline",
        "date_served",
    ),
    (
        "account_recouvrement_base.mail_activity_type_case_opposition",
        "opposition_deadline",
        "date_enforcement_requested",
    ),
    (
        "account_recouvrement_base.mail_activity_type_case_enforcement",
        "enforcement_deadline",
        "date_enforcement_requested",
    ),
)
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
    _inherit = ["mail.thread", "mail.activity.mixin"]
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

    @api.depends("date_order", "date_served")
    def _compute_deadlines(self):
        for case in self:
            case.service_deadline = service_deadline(case.date_order)
            case.opposition_deadline = opposition_deadline(case.date_served)
            case.enforcement_deadline = enforcement_deadline(case.date_served)

    def _overdue_milestone_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "open"),
            "|",
            "&",
            "&",
            ("service_deadline", "<", today),
            ("date_served", "=", False),
            ("date_judgement", "=", False),
            "&",
            ("enforcement_deadline", "<", today),
            ("date_enforcement_requested", "=", False),
        ]

    @api.depends(
        "state",
        "service_deadline",
        "date_served",
        "enforcement_deadline",
        "date_enforcement_requested",
    )
    def _compute_milestone_overdue(self):
        overdue = self.filtered("id").filtered_domain(self._overdue_milestone_domain())
        for case in self:
            case.milestone_overdue = case in overdue

    def _search_milestone_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue milestones."))
        domain = self._overdue_milestone_domain()
        if (operator == "=") == value:
            return domain
        return [("id", "not in", self._search(domain))]

    @api.depends("move_ids.recouvrement_prescription_date")
    def _compute_prescription_date(self):
        for case in self:
            case.prescription_date = min(
                case.move_ids.mapped("recouvrement_prescription_date") or [False]
            )

    # ------------------------------------------------------------------
    # Statement
    # ------------------------------------------------------------------

    def _payments_since(self, move, day):
        """What the debtor paid on ``move`` from ``day`` on, as [(date, amount
        in the invoice's currency)]: the payments and bank statement lines
        reconciled with it (not the credit notes, nor the entries that move
        the receivable to another account)."""
        receivable = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        partials = receivable.matched_credit_ids.filtered(
            lambda partial: (
                partial.max_date >= day
                and (
                    partial.credit_move_id.move_id.origin_payment_id
                    or partial.credit_move_id.move_id.statement_line_id
                )
            )
        )
        paid = [(p.max_date, p.debit_amount_currency) for p in partials]
        # a doubtful receivable is paid on its 416 line: the payments carried
        # there (not the write-off)
        doubtful = move.recouvrement_doubtful_line_id
        if doubtful:
            paid += [
                (p.max_date, p.debit_amount_currency)
                for p in doubtful.matched_credit_ids
                if p.max_date >= day
                and p.credit_move_id.move_id.recouvrement_doubtful_kind == "payment"
            ]
        return paid

    def _statement(self, on_date=None):
        """The décompte of the case on ``on_date`` (today): per invoice its
        principal, interest lines and indemnity; the costs; the payments
        received since the case opened and their imputation."""
        self.ensure_one()
        on_date = on_date or fields.Date.context_today(self)
        currency = self.currency_id
        moves = self.move_ids._origin.sorted(lambda m: (m.invoice_date_due, m.name))
        warning = False
        computed = {}
        posted = moves.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )
        try:
            computed = self.env["recouvrement.charge"]._compute_for_moves(
                posted, on_date
            )
        except UserError as error:
            warning = str(error.args[0])
        # the charges already billed (the engine goes on from where they
        # stopped), for what their charges invoice still has to be paid
        billed = self.env["recouvrement.charge"].search(
            [("move_id", "in", posted.ids)], order="interest_date_from, id"
        )
        unpaid = {
            charge_move: (
                charge_move.amount_residual / charge_move.amount_total
                if charge_move.amount_total
                else 0.0
            )
            for charge_move in billed.charge_move_id
        }
        rows = []
        payments = []
        for move in moves:
            since = self._payments_since(move, self.date_open) if self.date_open else []
            paid = sum(amount for _day, amount in since)
            # after the transfer to 416, what is owed is on the 416 line
            owed = move.amount_residual + (
                move.recouvrement_doubtful_residual
                if move.recouvrement_doubtful_state == "doubtful"
                else 0.0
            )
            principal = currency.round(owed + paid)
            charges = billed.filtered(
                lambda c, m=move: (
                    c.move_id == m and unpaid.get(c.charge_move_id, 1.0) > 0
                )
            )
            interest_lines = [
                (
                    charge.interest_date_from,
                    charge.interest_date_to,
                    charge.rate_description,
                    currency.round(
                        charge.interest_amount * unpaid.get(charge.charge_move_id, 1.0)
                    ),
                )
                for charge in charges.filtered("interest_amount")
            ]
            indemnity = sum(
                charge.indemnity_amount * unpaid.get(charge.charge_move_id, 1.0)
                for charge in charges
            )
            figures = computed.get(move)
            if figures:
                interest_lines += [
                    (
                        date_from,
                        date_to,
                        self.env["recouvrement.charge"]._format_rate(
                            rate, self.env.lang
                        )
                        + " %",
                        amount,
                    )
                    for date_from, date_to, rate, amount in figures["lines"]
                ]
                indemnity += figures["indemnity"]
            interest = currency.round(sum(line[3] for line in interest_lines))
            rows.append(
                {
                    "move": move,
                    "principal": principal,
                    "interest_lines": interest_lines,
                    "interest": interest,
                    "indemnity": currency.round(indemnity),
                }
            )
            payments += [(day, amount, move) for day, amount in since]
        principal = currency.round(sum(row["principal"] for row in rows))
        interest = currency.round(sum(row["interest"] for row in rows))
        indemnity = currency.round(sum(row["indemnity"] for row in rows))
        costs = currency.round(sum(self.cost_ids.mapped("amount")))
        recovered = currency.round(sum(amount for _d, amount, _m in payments))
        imputation = impute(recovered, interest, principal, currency.decimal_places)
        balance = currency.round(
            imputation.principal_left + imputation.interest_left + indemnity + costs
        )
        return {
            "date": on_date,
            "rows": rows,
            "principal": principal,
            "interest": interest,
            "indemnity": indemnity,
            "costs": costs,
            "cost_lines": self.cost_ids.sorted(lambda c: (c.date, c.id)),
            "payments": sorted(payments, key=lambda p: p[0]),
            "recovered": recovered,
            "imputation": imputation,
            "balance": balance,
            "warning": warning,
        }

    def _propose_procedure(self, statement):
        """The road for the claim of ``statement`` (principal and interest,
        in euros) and the customer's debtor type."""
        claim = statement["principal"] + statement["interest"]
        claim_eur = self.currency_id._convert(
            claim,
            self.env.ref("base.EUR"),
            self.company_id,
            statement["date"],
        )
        return propose_procedure(claim_eur, self.debtor_type)

    def _statement_html(self, statement):
        """The statement's lines as a table for the form: per invoice its
        principal, its interest periods (dates, rate, amount) and its
        indemnity."""
        env = self.env

        def money(amount):
            return format_amount(env, amount, self.currency_id)

        def row(cells, muted=False):
            tds = Markup("").join(
                Markup('<td class="%s">%s</td>')
                % ("text-end" if index >= 2 else "", cell)
                for index, cell in enumerate(cells)
            )
            return Markup('<tr class="%s">%s</tr>') % (
                "text-muted" if muted else "",
                tds,
            )

        headers = (
            env._("Invoice"),
            env._("Period and rate"),
            env._("Principal"),
            env._("Interest"),
            env._("Indemnity"),
        )
        lines = [
            Markup("<tr>%s</tr>")
            % Markup("").join(Markup("<th>%s</th>") % header for header in headers)
        ]
        for item in statement["rows"]:
            lines.append(
                row(
                    (
                        item["move"].name,
                        env._(
                            "due on %(date)s",
                            date=format_date(env, item["move"].invoice_date_due),
                        ),
                        money(item["principal"]),
                        money(item["interest"]),
                        money(item["indemnity"]),
                    )
                )
            )
            for date_from, date_to, rate, amount in item["interest_lines"]:
                lines.append(
                    row(
                        (
                            "",
                            env._(
                                "%(date_from)s to %(date_to)s at %(rate)s",
                                date_from=format_date(env, date_from),
                                date_to=format_date(env, date_to),
                                rate=rate,
                            ),
                            "",
                            money(amount),
                            "",
                        ),
                        muted=True,
                    )
                )
        return Markup(
            '<table class="table table-sm o_recouvrement_statement">%s</table>'
        ) % (Markup("").join(lines))

    @api.depends(
        "move_ids.amount_residual",
        "cost_ids.amount",
        "date_open",
        "currency_id",
        "debtor_type",
    )
    def _compute_statement(self):
        for case in self:
            if not case.move_ids:
                case.update(
                    {
                        "amount_principal": 0.0,
                        "amount_interest": 0.0,
                        "amount_indemnity": 0.0,
                        "amount_costs": case.currency_id.round(
                            sum(case.cost_ids.mapped("amount"))
                        ),
                        "amount_recovered": 0.0,
                        "amount_balance": 0.0,
                        "statement_warning": False,
                        "statement_html": False,
                        "proposed_procedure": False,
                    }
                )
                case.amount_balance = case.amount_costs
                continue
            statement = case._statement()
            case.update(
                {
                    "amount_principal": statement["principal"],
                    "amount_interest": statement["interest"],
                    "amount_indemnity": statement["indemnity"],
                    "amount_costs": statement["costs"],
                    "amount_recovered": statement["recovered"],
                    "amount_balance": statement["balance"],
                    "statement_warning": statement["warning"],
                    "statement_html": case._statement_html(statement),
                    "proposed_procedure": case._propose_procedure(statement),
                }
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("provision_rate")
    def _check_provision_rate(self):
        for case in self:
            if not 0.0 <= case.provision_rate <= 100.0:
                raise ValidationError(
                    self.env._(
                        "The provision rate must be between 0 and 100 %% "
                        "(%(rate)s %% on %(case)s).",
                        rate=case.provision_rate,
                        case=case.name,
                    )
                )

    @api.constrains(
        "date_filed",
        "date_order",
        "date_served",
        "date_judgement",
        "date_enforcement_requested",
    )
    def _check_dates(self):
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in ("date_filed", "date_order", "date_served", "date_judgement")
        }
        today = fields.Date.context_today(self)
        for case in self:
            for name in (*labels, "date_enforcement_requested"):
                if case[name] and case[name] > today:
                    raise ValidationError(
                        self.env._(
                            "%(milestone)s cannot be a future date (%(date)s).",
                            milestone=self._fields[name]._description_string(self.env),
                            date=format_date(self.env, case[name]),
                        )
                    )
            wrong = dates_out_of_order(
                case.date_filed, case.date_order, case.date_served, case.date_judgement
            )
            if wrong:
                later, earlier = wrong
                raise ValidationError(
                    self.env._(
                        "The dates of %(case)s are out of order: “%(later)s” "
                        "(%(later_date)s) comes before “%(earlier)s” "
                        "(%(earlier_date)s).",
                        case=case.name,
                        later=labels[later],
                        later_date=format_date(self.env, case[later]),
                        earlier=labels[earlier],
                        earlier_date=format_date(self.env, case[earlier]),
                    )
                )
            if (
                case.date_enforcement_requested
                and case.date_served
                and case.date_enforcement_requested < case.date_served
            ):
                raise ValidationError(
                    self.env._(
                        "The formule exécutoire cannot be asked for before the "
                        "order is served (%(date)s).",
                        date=format_date(self.env, case.date_served),
                    )
                )

    def _check_moves(self, paid_ok=False):
        """The invoices of a case: posted customer invoices of one customer,
        in one currency and one company, still to be paid, in no other open
        case, and free of what the addons hold
        (``account.move._recouvrement_check_free``)."""
        for case in self:
            moves = case.move_ids._origin
            if not moves:
                raise UserError(
                    self.env._("Choose the invoices the litigation case is about.")
                )
            wrong = moves.filtered(
                lambda m: m.move_type != "out_invoice" or m.state != "posted"
            )
            if wrong:
                raise UserError(
                    self.env._(
                        "A litigation case is about posted customer invoices, not "
                        "%(names)s.",
                        names=", ".join(wrong.mapped("display_name")),
                    )
                )
            if len(moves.commercial_partner_id) > 1:
                raise UserError(
                    self.env._(
                        "A litigation case is about the invoices of one customer, "
                        "not %(names)s.",
                        names=", ".join(moves.commercial_partner_id.mapped("name")),
                    )
                )
            if moves.commercial_partner_id != case.partner_id:
                raise UserError(
                    self.env._(
                        "The invoices are not %(customer)s's.",
                        customer=case.partner_id.name,
                    )
                )
            if len(moves.currency_id) > 1 or moves.currency_id != case.currency_id:
                raise UserError(
                    self.env._(
                        "A litigation case is about invoices in one currency, not "
                        "%(currencies)s.",
                        currencies=", ".join(
                            (moves.currency_id | case.currency_id).mapped("name")
                        ),
                    )
                )
            if moves.company_id != case.company_id:
                raise UserError(
                    self.env._(
                        "A litigation case is about invoices of its own company."
                    )
                )
            charges = moves.filtered("recouvrement_is_charge")
            if charges:
                raise UserError(
                    self.env._(
                        "%(names)s bills late-payment charges: the statement of a "
                        "case counts the charges with the invoices they were "
                        "charged on.",
                        names=", ".join(charges.mapped("name")),
                    )
                )
            paid = moves.filtered(lambda m: m.payment_state not in OPEN_PAYMENT_STATES)
            if paid and not paid_ok:
                raise UserError(
                    self.env._(
                        "%(names)s has nothing left to pay: a litigation case is "
                        "about unpaid invoices.",
                        names=", ".join(paid.mapped("name")),
                    )
                )
            for move in moves:
                case._check_move_free(move)

    def _check_move_free(self, move):
        other = move.recouvrement_case_ids.filtered(
            lambda c: c.state == "open" and c != self
        )
        if other:
            raise UserError(
                self.env._(
                    "%(invoice)s is already in the litigation case %(case)s.",
                    invoice=move.name,
                    case=other[0].name,
                )
            )
        move._recouvrement_check_free(self)

    def _check_state(self, allowed):
        wrong = self.filtered(lambda case: case.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "This cannot be done on a litigation case that is %(state)s "
                    "(%(names)s).",
                    state=states[wrong[0].state].lower(),
                    names=", ".join(wrong.mapped("name")),
                )
            )

    def _check_can_write_off(self):
        """A claim is written off only once the case is closed as
        irrecoverable."""
        for case in self:
            if not (
                case.state == "closed"
                and case.stage_id.is_closed
                and case.outcome == "irrecoverable"
            ):
                raise UserError(
                    self.env._(
                        "%(case)s is not closed as irrecoverable: only the claims "
                        "of a case closed as irrecoverable are written off.",
                        case=case.name,
                    )
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

    # ------------------------------------------------------------------
    # Deadlines and prescription
    # ------------------------------------------------------------------

    def _sync_deadline_activities(self):
        """One activity per statutory deadline, on the deadline: moved when
        the date typed changes, done when the step is, removed when the date
        is cleared or the case closed."""
        for case in self:
            for xmlid, deadline_field, done_field in DEADLINE_ACTIVITIES:
                activity_type = self.env.ref(xmlid)
                activities = case.activity_ids.filtered(
                    lambda a, t=activity_type: a.activity_type_id == t
                )
                deadline = case[deadline_field]
                if case.state != "open" or not deadline:
                    activities.unlink()
                elif case[done_field]:
                    activities.action_feedback(
                        feedback=self.env._("Done on %(date)s.", date=case[done_field])
                    )
                elif activities:
                    activities.write(
                        {"date_deadline": deadline, "user_id": case.user_id.id}
                    )
                elif not (deadline_field == "service_deadline" and case.date_judgement):
                    case.activity_schedule(
                        xmlid,
                        date_deadline=deadline,
                        user_id=(case.user_id or self.env.user).id,
                    )

    def _interrupt_prescription(self):
        """Filing the claim interrupts the prescription of the invoices
        (art. 2241 C. civ.): it runs again from the filing."""
        for case in self.filtered(lambda c: c.date_filed and c.state == "open"):
            case.move_ids.filtered(
                lambda m, d=case.date_filed: (
                    not m.recouvrement_acknowledgement_date
                    or m.recouvrement_acknowledgement_date < d
                )
            ).write({"recouvrement_acknowledgement_date": case.date_filed})

    # ------------------------------------------------------------------
    # Open and close
    # ------------------------------------------------------------------

    def _lock(self, allowed):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM recouvrement_case WHERE id = ANY(%s) FOR UPDATE",
            [self.ids],
        )
        self.invalidate_recordset(["state"])
        self._check_state(allowed)

    def action_open(self):
        """The case is opened: its invoices leave the ordinary dunning (and
        the reminders waiting to be sent) until it is closed."""
        self._lock(("draft",))
        self._check_moves()
        today = fields.Date.context_today(self)
        for case in self:
            values = {"state": "open", "date_open": today}
            if not case.stage_id or case.stage_id.is_closed:
                values["stage_id"] = self._default_stage().id
            case.write(values)
            case.move_ids._recouvrement_exclude(
                self.env._("Litigation case %(case)s", case=case.name),
                source="litigation",
                origin=case,
                keep_level=True,
            )
            case._sync_deadline_activities()
            case._interrupt_prescription()
            case.message_post(
                body=self.env._(
                    "Litigation case opened: %(count)s invoices, %(amount)s left to "
                    "pay. They leave the dunning until the case is closed.",
                    count=len(case.move_ids),
                    amount=case.currency_id.format(
                        sum(case.move_ids.mapped("amount_residual"))
                    ),
                )
            )
        return True

    def action_close(self, outcome=None):
        """Close the case with its outcome: recovered, settled (the invoices
        are chased again for what may remain) or irrecoverable (they stay out
        of the dunning, to be written off)."""
        outcome = outcome or self.env.context.get("recouvrement_outcome")
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        if outcome not in outcomes:
            raise UserError(
                self.env._(
                    "Close a litigation case as recovered, settled or irrecoverable."
                )
            )
        self._lock(("open",))
        closed_stage = self.env["recouvrement.stage"].search(
            [("is_closed", "=", True)], limit=1
        )
        if not closed_stage:
            raise UserError(self.env._("No closing stage is defined."))
        today = fields.Date.context_today(self)
        self.with_context(recouvrement_closing=True).write(
            {
                "state": "closed",
                "outcome": outcome,
                "stage_id": closed_stage.id,
                "date_closed": today,
            }
        )
        self._sync_deadline_activities()
        for case in self:
            if outcome != "irrecoverable":
                case.move_ids._recouvrement_include(source="litigation", origin=case)
            case.message_post(
                body=self.env._(
                    "Litigation case closed: %(outcome)s.",
                    outcome=outcomes[outcome].lower(),
                )
            )
        return True

    # ------------------------------------------------------------------
    # Doubtful receivables in the books (PCG): the case calls, for its
    # invoices, the entries of account.move (411 → 416, provision, write-off)
    # ------------------------------------------------------------------

    def _books_moves(self):
        """The case's invoices still to be followed in the books: not
        written off, with something owed on 411 or on 416."""
        return self.move_ids.filtered(
            lambda m: (
                m.recouvrement_doubtful_state != "written_off"
                and (
                    m.recouvrement_doubtful_state == "doubtful"
                    or m.payment_state in OPEN_PAYMENT_STATES
                )
            )
        )

    @api.depends(
        "move_ids.recouvrement_doubtful_entry_ids",
        "move_ids.recouvrement_provision_amount",
        "move_ids.recouvrement_doubtful_residual",
    )
    def _compute_books(self):
        for case in self:
            moves = case.move_ids._origin
            case.entry_ids = moves.recouvrement_doubtful_entry_ids
            case.entry_count = len(case.entry_ids)
            case.amount_provision = sum(moves.mapped("recouvrement_provision_amount"))
            case.amount_doubtful = sum(moves.mapped("recouvrement_doubtful_residual"))

    def action_transfer_doubtful(self):
        """Transfer what the case's invoices still owe, incl. VAT, from the
        customer account (411) to the doubtful receivables (416)."""
        self._lock(("open",))
        for case in self:
            moves = case.move_ids.filtered(
                lambda m: (
                    not m.recouvrement_doubtful_move_id
                    and m.payment_state in OPEN_PAYMENT_STATES
                )
            )
            if not moves:
                raise UserError(
                    self.env._(
                        "The invoices of %(case)s are already doubtful receivables "
                        "or paid: there is nothing to transfer.",
                        case=case.name,
                    )
                )
            entries = moves._recouvrement_transfer_doubtful()
            case.message_post(
                body=self.env._(
                    "Transferred to doubtful receivables (416): %(entries)s.",
                    entries=", ".join(entries.mapped("name")),
                )
            )
        return True

    def action_provision(self, rate=None):
        """Provision the case's doubtful receivables at ``rate`` percent (the
        case's provision rate when not given) of what they still owe excl.
        VAT: only the difference with the provision booked is posted."""
        self._lock(("open", "closed"))
        for case in self:
            value = case.provision_rate if rate is None else rate
            moves = case.move_ids.filtered(
                lambda m: m.recouvrement_doubtful_state == "doubtful"
            )
            if not moves:
                raise UserError(
                    self.env._(
                        "Transfer the invoices of %(case)s to doubtful receivables "
                        "before provisioning them.",
                        case=case.name,
                    )
                )
            # the rate is checked (0 to 100 %) before anything is posted
            entries = moves._recouvrement_provision(value)
            if rate is not None:
                case.provision_rate = value
            if entries:
                case.message_post(
                    body=self.env._(
                        "Provision at %(rate)s %%: %(amount)s (%(entries)s).",
                        rate=f"{value:g}",
                        amount=case.company_id.currency_id.format(
                            sum(moves.mapped("recouvrement_provision_amount"))
                        ),
                        entries=", ".join(entries.mapped("name")),
                    )
                )
        return True

    def action_write_off(self):
        """Write the claims of a case closed as irrecoverable off: the
        invoices not yet doubtful are first transferred to 416, then each is
        written off (654 and the VAT credit note) and its provision
        reversed."""
        self._check_can_write_off()
        self._lock(("closed",))
        for case in self:
            moves = case._books_moves()
            if not moves:
                raise UserError(
                    self.env._(
                        "Nothing remains owed on the invoices of %(case)s: there is "
                        "nothing to write off.",
                        case=case.name,
                    )
                )
            to_transfer = moves.filtered(lambda m: not m.recouvrement_doubtful_move_id)
            if to_transfer:
                to_transfer._recouvrement_transfer_doubtful()
            entries = moves._recouvrement_write_off()
            case.message_post(
                body=self.env._(
                    "Written off as irrecoverable: %(entries)s.",
                    entries=", ".join(entries.mapped("name")),
                )
            )
        return True

    def action_view_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_journal_line"
        )
        action["domain"] = [("id", "in", self.entry_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.move_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Case file
    # ------------------------------------------------------------------

    def _sent_communications(self):
        """The reminders sent to the customer about the case's invoices,
        oldest first."""
        self.ensure_one()
        return (
            self.env["recouvrement.communication"]
            .search(
                [
                    ("line_ids.move_id", "in", self.move_ids.ids),
                    ("state", "=", "sent"),
                ]
            )
            .sorted(lambda comm: (comm.sent_date or fields.Datetime.now(), comm.id))
        )

    def _case_file_pieces(self):
        """The numbered documents of the case file (bordereau de pièces): the
        invoices, the letters sent and their proofs (registered-letter
        receipts and other documents attached to the reminders), then the
        documents attached to the case. Each with its stored attachment when
        Odoo has one."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"]
        report = self.env[
            "report.account_recouvrement_base.report_recouvrement_case_file"
        ]
        communications = self._sent_communications()
        comm_attachments = Attachment.search(
            [
                ("res_model", "=", "recouvrement.communication"),
                ("res_id", "in", communications.ids),
            ],
            order="id",
        )
        used = Attachment
        pieces = []
        for move in self.move_ids.sorted(lambda m: (m.invoice_date_due, m.name)):
            # the PDF Odoo archived when the invoice was sent, else the copy
            # attached to a reminder email
            attachment = (
                move.invoice_pdf_report_id
                or comm_attachments.filtered(
                    lambda a, m=move: a.name == f"{m.name.replace('/', '_')}.pdf"
                )[:1]
            )
            used |= attachment
            pieces.append(
                {
                    "label": self.env._("Invoice %(invoice)s", invoice=move.name),
                    "date": move.invoice_date,
                    "attachment": attachment,
                }
            )
        for comm in communications:
            sent_on = report._sent_on(comm)
            if comm.letter_attachment_id:
                used |= comm.letter_attachment_id
                pieces.append(
                    {
                        "label": self.env._(
                            "%(level)s %(reference)s",
                            level=comm.level_id.name,
                            reference=comm.name,
                        ),
                        "date": comm.letter_date or sent_on,
                        "attachment": comm.letter_attachment_id,
                    }
                )
            proofs = comm_attachments.filtered(lambda a, c=comm: a.res_id == c.id)
            for proof in proofs - used:
                used |= proof
                pieces.append(
                    {
                        "label": self.env._(
                            "%(document)s (reminder %(reference)s)",
                            document=proof.name,
                            reference=comm.name,
                        ),
                        "date": (comm.lrar_date_received or sent_on),
                        "attachment": proof,
                    }
                )
        for document in Attachment.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", False),
                ("id", "!=", self.case_file_attachment_id.id),
            ],
            order="id",
        ):
            pieces.append(
                {
                    "label": document.name,
                    "date": fields.Datetime.context_timestamp(
                        self, document.create_date
                    ).date(),
                    "attachment": document,
                }
            )
        for number, piece in enumerate(pieces, start=1):
            piece["number"] = number
        return pieces

    def _render_case_file(self):
        self.ensure_one()
        return self.env["ir.actions.report"]._recouvrement_render_pdf(
            CASE_FILE_REPORT, self
        )

    def action_print_case_file(self):
        return self.env.ref(CASE_FILE_REPORT).report_action(self)

    @staticmethod
    def _zip_name(number, name):
        safe = re.sub(r"[^\w.\- ]+", "_", name or "").strip() or "document"
        return f"{number:02d} - {safe}"

    def action_download_case_file(self):
        """The case file PDF, with the invoices, letters and proofs already
        stored (not rendered again), in one ZIP to hand to the lawyer or the
        commissaire de justice."""
        self.ensure_one()
        buffer = io.BytesIO()
        reference = self.name.replace("/", "-")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                self._zip_name(0, self.env._("Case file %(case)s.pdf", case=reference)),
                self._render_case_file(),
            )
            for piece in self._case_file_pieces():
                attachment = piece["attachment"]
                if attachment:
                    archive.writestr(
                        self._zip_name(piece["number"], attachment.name),
                        attachment.raw,
                    )
        old = self.case_file_attachment_id
        self.case_file_attachment_id = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Case file %(case)s - %(customer)s.zip",
                    case=reference,
                    customer=self.partner_id.name,
                ).replace("/", "-"),
                "type": "binary",
                "raw": buffer.getvalue(),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
                "company_id": self.company_id.id,
            }
        )
        old.unlink()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.case_file_attachment_id.id}?download=true",
            "target": "download",
        }

    def action_apply_proposed_procedure(self):
        for case in self:
            case.procedure = case.proposed_procedure
        return True
