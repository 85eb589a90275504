from collections import defaultdict

import psycopg2.errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..lib import factor_file

BATCH_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accounted", "Accounted"),
    ("cancelled", "Cancelled"),
]
DOCUMENT_TYPES = ("out_invoice", "out_refund")
RECONCILE_SLICE = 1000


class RecouvrementFactorBatch(models.Model):
    """A remittance batch (bordereau de cession): the invoices and credit
    notes handed over to the factor at once, the file the factor reads, and
    the entry that moves them from the customers' accounts to the factor's."""

    _name = "recouvrement.factor.batch"
    _description = "Factoring Batch"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    contract_id = fields.Many2one(
        comodel_name="recouvrement.factor.contract",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    currency_id = fields.Many2one(
        related="contract_id.currency_id",
        store=True,
        precompute=True,
    )
    factor_partner_id = fields.Many2one(
        related="contract_id.factor_partner_id",
        string="Factor",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The date of the transfer: written in the file and on the entry.",
    )
    move_ids = fields.One2many(
        comodel_name="account.move",
        inverse_name="recouvrement_factor_batch_id",
        string="Documents",
        help="The invoices and credit notes transferred to the factor.",
    )
    move_count = fields.Integer(
        string="Number of documents",
        compute="_compute_amount_total",
        store=True,
    )
    amount_total = fields.Monetary(
        string="Total",
        currency_field="currency_id",
        compute="_compute_amount_total",
        store=True,
        help="The invoices less the credit notes, taxes included.",
    )
    state = fields.Selection(
        selection=BATCH_STATES,
        required=True,
        default="draft",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    file_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Factor's file",
        readonly=True,
        copy=False,
    )
    file_name = fields.Char(
        related="file_attachment_id.name",
        string="File name",
    )
    account_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Transfer entry",
        readonly=True,
        copy=False,
        check_company=True,
    )
    statement_move_ids = fields.One2many(
        comodel_name="account.move",
        compute="_compute_statement_move_ids",
        string="Factor statements",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("move_ids.amount_total_in_currency_signed")
    def _compute_amount_total(self):
        totals = {
            batch.id: (total, count)
            for batch, total, count in self.env["account.move"]._read_group(
                [("recouvrement_factor_batch_id", "in", self.ids)],
                ["recouvrement_factor_batch_id"],
                ["amount_total_in_currency_signed:sum", "__count"],
            )
        }
        for batch in self:
            total, count = totals.get(batch.id, (0.0, 0))
            batch.amount_total = total
            batch.move_count = count

    def _compute_statement_move_ids(self):
        for batch in self:
            batch.statement_move_ids = self.env["account.move"].search(
                [("recouvrement_factor_statement_batch_id", "=", batch.id)]
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_not_in_other_batch(vals.get("move_ids"))
        batches = super().create(vals_list)
        for batch in batches:
            if batch.name == "/":
                batch.name = (
                    self.env["ir.sequence"]
                    .with_company(batch.company_id)
                    .next_by_code("recouvrement.factor.batch")
                    or "/"
                )
        return batches

    def write(self, vals):
        if "move_ids" in vals:
            self._check_state(("draft",))
            self._check_not_in_other_batch(vals["move_ids"])
        if "contract_id" in vals or "date" in vals:
            self._check_state(("draft",))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(batch.state not in ("draft", "cancelled") for batch in self):
            raise UserError(
                self.env._("Only a draft or cancelled factoring batch can be deleted.")
            )

    def _check_not_in_other_batch(self, commands):
        """Linking a document already in another batch would silently move it
        (one batch per document): refuse instead."""
        ids = set()
        for command in commands or ():
            if isinstance(command, (list, tuple)):
                if command[0] == Command.LINK:
                    ids.add(command[1])
                elif command[0] == Command.SET:
                    ids.update(command[2])
            elif isinstance(command, int):
                ids.add(command)
        moves = self.env["account.move"].browse(sorted(ids))
        taken = moves.filtered(
            lambda move: (
                move.recouvrement_factor_batch_id
                and move.recouvrement_factor_batch_id not in self
            )
        )
        if taken:
            raise UserError(
                self.env._(
                    "Already in a factoring batch: %(documents)s.",
                    documents=", ".join(
                        f"{move.name} ({move.recouvrement_factor_batch_id.name})"
                        for move in taken
                    ),
                )
            )

    def _check_state(self, allowed):
        for batch in self:
            if batch.state not in allowed:
                raise UserError(
                    self.env._(
                        "The factoring batch %(batch)s is %(state)s: this is not "
                        "possible any more.",
                        batch=batch.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[batch.state],
                    )
                )

    @api.constrains("move_ids", "contract_id")
    def _check_documents(self):
        for batch in self:
            problems = batch._document_problems(batch.move_ids)
            if problems:
                raise ValidationError(
                    self.env._(
                        "These documents cannot be transferred to %(factor)s:\n"
                        "%(problems)s",
                        factor=batch.contract_id.factor_partner_id.name,
                        problems="\n".join(problems),
                    )
                )

    def _document_problems(self, moves):
        """Why each of ``moves`` may not be in this batch (one line each)."""
        self.ensure_one()
        contract = self.contract_id
        problems = []
        for move in moves:
            reasons = []
            if move.move_type not in DOCUMENT_TYPES:
                reasons.append(self.env._("not a customer invoice or credit note"))
            if move.company_id != contract.company_id:
                reasons.append(
                    self.env._("company %(company)s", company=move.company_id.name)
                )
            if move.currency_id != contract.currency_id:
                reasons.append(
                    self.env._("currency %(currency)s", currency=move.currency_id.name)
                )
            if move.state != "posted":
                reasons.append(self.env._("not posted"))
            elif self.state in ("draft", "sent") and move.payment_state != "not_paid":
                reasons.append(self.env._("already paid or credited in part"))
            if reasons:
                problems.append(f"{move.display_name}: {', '.join(reasons)}")
        return problems

    # ------------------------------------------------------------------
    # Eligible documents
    # ------------------------------------------------------------------

    def _eligible_sql(self, date_to):
        """The ids of the documents this batch may take, in one query: posted
        invoices and credit notes of the contract's customers, in its
        currency and company, unpaid, in no batch, not disputed, not in a
        payment plan nor in a litigation case."""
        self.ensure_one()
        contract = self.contract_id
        company = contract.company_id
        partner_contract = (
            self.env["res.partner"]
            .with_company(company)
            ._field_to_sql("rp", "recouvrement_factor_contract_id")
        )
        case_filter = SQL("TRUE")
        if "recouvrement_case_id" in self.env["account.move"]._fields:
            case_filter = SQL("am.recouvrement_case_id IS NULL")
        return SQL(
            """
            SELECT am.id
              FROM account_move am
              JOIN res_partner rp ON rp.id = am.commercial_partner_id
             WHERE am.company_id = %(company)s
               AND am.currency_id = %(currency)s
               AND am.state = 'posted'
               AND am.move_type IN %(types)s
               AND am.payment_state = 'not_paid'
               AND am.invoice_date <= %(date_to)s
               AND am.recouvrement_factor_batch_id IS NULL
               AND am.recouvrement_dispute_id IS NULL
               AND am.recouvrement_plan_id IS NULL
               AND %(case_filter)s
               AND %(partner_contract)s = %(contract)s
             ORDER BY am.invoice_date, am.name, am.id
            """,
            company=company.id,
            currency=contract.currency_id.id,
            types=DOCUMENT_TYPES,
            date_to=date_to,
            case_filter=case_filter,
            partner_contract=partner_contract,
            contract=contract.id,
        )

    def action_add_eligible(self, date_to=None):
        """Add every eligible document dated up to ``date_to`` (the batch's
        date by default)."""
        self._check_state(("draft",))
        self.env.flush_all()
        for batch in self:
            # one UPDATE of the documents the query chose (eligible by
            # construction): no write, nor check, per document
            self.env.cr.execute(
                SQL(
                    """UPDATE account_move
                          SET recouvrement_factor_batch_id = %(batch)s,
                              write_uid = %(uid)s,
                              write_date = %(now)s
                        WHERE id IN (%(eligible)s)
                    RETURNING id""",
                    batch=batch.id,
                    uid=self.env.uid,
                    now=self.env.cr.now(),
                    eligible=batch._eligible_sql(date_to or batch.date),
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                continue
            moves = self.env["account.move"].browse(ids)
            moves.invalidate_recordset(
                ["recouvrement_factor_batch_id", "write_uid", "write_date"]
            )
            batch.invalidate_recordset(["move_ids"])
            # still not factored (the batch is a draft): not recomputed and
            # written back a hundred documents at a time
            with self.env.protecting([moves._fields["recouvrement_factored"]], moves):
                moves.modified(["recouvrement_factor_batch_id"])
        return True

    # ------------------------------------------------------------------
    # The factor's file
    # ------------------------------------------------------------------

    def _ledger_total(self):
        """What the documents' receivable lines still carry in the ledger, in
        the contract's currency (one query)."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(SUM(aml.amount_residual_currency), 0)
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE am.recouvrement_factor_batch_id = %(batch)s
                   AND aml.display_type = 'payment_term'
                """,
                batch=self.id,
            )
        )
        return self.env.cr.fetchone()[0]

    def _file_documents(self):
        """The documents as plain dicts for ``lib.factor_file``."""
        self.ensure_one()
        moves = self.move_ids.sorted(lambda m: (m.invoice_date, m.name, m.id))
        moves.fetch(
            [
                "name",
                "move_type",
                "invoice_date",
                "invoice_date_due",
                "amount_total",
                "reversed_entry_id",
                "commercial_partner_id",
            ]
        )
        france = self.env["res.company"]._get_france_country_codes()
        documents = []
        for move in moves:
            partner = move.commercial_partner_id
            documents.append(
                {
                    "number": move.name,
                    "kind": "credit_note"
                    if move.move_type == "out_refund"
                    else "invoice",
                    "invoice_date": move.invoice_date,
                    "due_date": move.invoice_date_due or move.invoice_date,
                    "amount": move.amount_total,
                    "origin": move.reversed_entry_id.name or "",
                    "partner_name": partner.name or "",
                    "partner_ref": partner.ref or str(partner.id),
                    "siret": partner._get_siret() or "",
                    "siren": partner._get_siren() or "",
                    "foreign": bool(partner.country_id)
                    and partner.country_id.code not in france,
                }
            )
        return documents

    def _file_header(self):
        self.ensure_one()
        contract = self.contract_id
        return {
            "client_code": contract.client_code,
            "reference": self.name,
            "date": self.date,
            "currency": self.currency_id.name,
            "decimals": self.currency_id.decimal_places,
            "company_name": self.company_id.name,
        }

    def _render_file(self):
        """The file's bytes, or one error listing every faulty document."""
        self.ensure_one()
        if not self.move_ids:
            raise UserError(
                self.env._(
                    "The factoring batch %(batch)s has no documents.", batch=self.name
                )
            )
        header = self._file_header()
        documents = self._file_documents()
        fmt = self.contract_id.file_format
        errors = factor_file.check(fmt, header, documents)
        ledger = self._ledger_total()
        total = factor_file.net_total(header, documents)
        if factor_file.to_cents(ledger, header["decimals"]) != total:
            errors.append(
                factor_file.FileError(
                    "",
                    self.env._(
                        "the documents add up to %(file)s but their receivable "
                        "lines carry %(ledger)s in the ledger",
                        file=factor_file.format_cents(total, header["decimals"]),
                        ledger=factor_file.format_cents(
                            factor_file.to_cents(ledger, header["decimals"]),
                            header["decimals"],
                        ),
                    ),
                )
            )
        if errors:
            raise UserError(
                self.env._(
                    "The file of %(batch)s for %(factor)s cannot be written:\n"
                    "%(errors)s",
                    batch=self.name,
                    factor=self.contract_id.factor_partner_id.name,
                    errors="\n".join(
                        f"{error.document}: {self._error_text(error)}"
                        if error.document
                        else self._error_text(error)
                        for error in errors
                    ),
                )
            )
        return factor_file.render(fmt, header, documents)

    def _error_text(self, error):
        messages = {
            "siret": self.env._("the customer has no valid SIRET"),
            "siren": self.env._("the customer has no valid SIREN or SIRET"),
            "origin": self.env._("credit note without the invoice it credits"),
            "encoding": self.env._(
                "a name or number the factor's file cannot encode (%(text)s)",
                text=error.detail,
            ),
            "number": self.env._("document number longer than the field"),
        }
        return messages.get(error.code, error.code)

    def _file_name(self):
        extension = factor_file.EXTENSIONS[self.contract_id.file_format]
        return f"{self.name.replace('/', '-')}.{extension}"

    def action_generate_file(self):
        """Write the factor's file (one attachment per batch, rewritten with
        the same bytes when the documents did not change); the batch is then
        sent."""
        self._check_state(("draft", "sent"))
        for batch in self:
            raw = batch._render_file()
            values = {
                "name": batch._file_name(),
                "raw": raw,
                "mimetype": "text/plain"
                if batch.contract_id.file_format == "bpce"
                else "text/csv",
            }
            if batch.file_attachment_id:
                batch.file_attachment_id.write(values)
            else:
                batch.file_attachment_id = self.env["ir.attachment"].create(
                    {**values, "res_model": batch._name, "res_id": batch.id}
                )
            if batch.state == "draft":
                batch.state = "sent"
        return True

    def action_download_file(self):
        self.ensure_one()
        if not self.file_attachment_id:
            self.action_generate_file()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.file_attachment_id.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Confirmation: the transfer entry
    # ------------------------------------------------------------------

    def _lock(self, allowed):
        """Two users confirming the same batch: the row lock lets one through;
        the other is told at once, without waiting, and nothing is posted."""
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM recouvrement_factor_batch "
                    "WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                    [self.ids],
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "Someone else is confirming this factoring batch: try again "
                    "in a moment."
                )
            ) from None
        self.invalidate_recordset(["state"])
        self._check_state(allowed)

    def action_confirm(self):
        """Book the transfer: debit the factor, credit each customer's
        receivable (credit notes the other way round), reconciled with each
        document, so that the documents are settled for the company and leave
        its dunning."""
        self._lock(("draft", "sent"))
        for batch in self:
            if not batch.move_ids:
                raise UserError(
                    self.env._(
                        "The factoring batch %(batch)s has no documents.",
                        batch=batch.name,
                    )
                )
            batch._check_documents()
            # written again: the ledger may have moved since the file was sent
            batch.action_generate_file()
            entry, plan = batch._create_transfer_entry()
            # the documents' lines and taxes read at once, not per document
            # when the reconciliation looks for cash-basis taxes
            batch.move_ids.line_ids.fetch(["tax_ids", "tax_line_id", "account_id"])
            # no cash-basis entry: the VAT on payments of the documents is
            # not due on the transfer, the factor's advance being a loan; it
            # is when the customers pay the factor (_record_paid). Nor any
            # synchronisation of the documents' dynamic lines (taxes, terms,
            # early payment discounts): settling them changes none, and Odoo
            # would rewrite every line of every document for nothing
            Line = self.env["account.move.line"].with_context(
                recouvrement_factor_entry_ids=entry.ids,
                no_cash_basis=True,
                skip_invoice_sync=True,
            )
            # by slices: one reconciliation of ten thousand pairs costs more
            # than ten of a thousand
            for start in range(0, len(plan), RECONCILE_SLICE):
                Line._reconcile_plan(plan[start : start + RECONCILE_SLICE])
            moves = batch.move_ids
            factored = moves._fields["recouvrement_factored"]
            moves.flush_recordset(["recouvrement_factored"])
            with self.env.protecting([factored], moves):
                batch.write({"account_move_id": entry.id, "state": "accounted"})
            # the documents factored by one UPDATE, not the ORM's recompute
            # written back a hundred at a time
            self.env.cr.execute(
                SQL(
                    "UPDATE account_move SET recouvrement_factored = TRUE "
                    "WHERE id = ANY(%s)",
                    moves.ids,
                )
            )
            moves.invalidate_recordset(["recouvrement_factored"])
            moves.modified(["recouvrement_factored"])
            # no invoice lines to synchronise; the exclusions by one INSERT
            moves.filtered(lambda move: move.move_type == "out_invoice").with_context(
                skip_invoice_sync=True
            )._recouvrement_exclude(
                self.env._(
                    "Transferred to %(factor)s (%(batch)s): the factor collects it.",
                    factor=batch.contract_id.factor_partner_id.name,
                    batch=batch.name,
                ),
                source="factoring",
                origin=batch,
                bulk=True,
            )
            batch.message_post(
                body=self.env._(
                    "%(count)s documents transferred to %(factor)s by %(entry)s.",
                    count=len(batch.move_ids),
                    factor=batch.contract_id.factor_partner_id.name,
                    entry=entry.name,
                )
            )
        return True

    def _receivable_lines(self, moves):
        """{move id: its open receivable lines} in one search."""
        lines = self.env["account.move.line"].search(
            [
                ("move_id", "in", moves.ids),
                ("display_type", "=", "payment_term"),
                ("reconciled", "=", False),
            ],
            order="move_id, id",
        )
        by_move = defaultdict(lambda: self.env["account.move.line"])
        for line in lines:
            by_move[line.move_id.id] |= line
        return by_move

    def _create_transfer_entry(self):
        """The entry and the reconciliation plan (document line, entry line)."""
        self.ensure_one()
        contract = self.contract_id
        currency = self.currency_id
        company_currency = self.company_id.currency_id
        by_move = self._receivable_lines(self.move_ids)
        open_lines = self.env["account.move.line"].concat(*by_move.values())
        open_lines.fetch(
            [
                "move_id",
                "account_id",
                "partner_id",
                "amount_residual",
                "amount_residual_currency",
            ]
        )
        line_vals = []
        total = total_currency = 0.0
        for line in open_lines:
            line_vals.append(
                {
                    "name": self.env._(
                        "%(document)s transferred to the factor",
                        document=line.move_id.name,
                    ),
                    "account_id": line.account_id.id,
                    "partner_id": line.partner_id.id,
                    "currency_id": currency.id,
                    "amount_currency": -line.amount_residual_currency,
                    "balance": -line.amount_residual,
                    # no analytic distribution model looked up line by line
                    "analytic_distribution": False,
                }
            )
            total += line.amount_residual
            total_currency += line.amount_residual_currency
        line_vals.insert(
            0,
            {
                "name": self.env._("Factoring batch %(batch)s", batch=self.name),
                "account_id": contract.factor_account_id.id,
                "partner_id": contract.factor_partner_id.id,
                "currency_id": currency.id,
                "amount_currency": currency.round(total_currency),
                "balance": company_currency.round(total),
                "analytic_distribution": False,
            },
        )
        entry = (
            self.env["account.move"]
            .with_context(skip_invoice_sync=True)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": contract.journal_id.id,
                    "date": self.date,
                    "ref": self.env._(
                        "Transfer to %(factor)s, batch %(batch)s",
                        factor=contract.factor_partner_id.name,
                        batch=self.name,
                    ),
                    "currency_id": currency.id,
                    "line_ids": [Command.create(vals) for vals in line_vals],
                }
            )
        )
        entry.action_post()
        # the entry's lines come back in the order given: the factor's first
        plan = [
            document_line | entry_line
            for document_line, entry_line in zip(
                open_lines, entry.line_ids.sorted("id")[1:], strict=True
            )
        ]
        return entry, plan

    # ------------------------------------------------------------------
    # Cancellation and returns
    # ------------------------------------------------------------------

    def action_cancel(self):
        """Give up a batch not yet booked: its documents are free again."""
        self._lock(("draft", "sent"))
        for batch in self:
            moves = batch.move_ids
            moves.write({"recouvrement_factor_batch_id": False})
            batch.state = "cancelled"
            if moves:
                batch.message_post(
                    body=self.env._(
                        "Cancelled; %(count)s documents released.",
                        count=len(moves),
                    )
                )
        return True

    def action_draft(self):
        self._check_state(("cancelled",))
        self.state = "draft"
        return True

    def _transfer_partials(self, moves):
        """The reconciliations of ``moves`` with this batch's transfer entry."""
        self.ensure_one()
        entry = self.account_move_id
        terms = moves.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )
        return (terms.matched_debit_ids | terms.matched_credit_ids).filtered(
            lambda partial: (
                entry
                in (partial.debit_move_id.move_id | partial.credit_move_id.move_id)
            )
        )

    def _record_paid(self, moves, date):
        """The customers paid ``moves`` to the factor on ``date``: the VAT on
        payments of these documents is due that day. Odoo's cash-basis
        entries, left out when the batch was booked (the factor's advance is
        a loan, not the customer's payment), are written now, dated ``date``.
        """
        self.ensure_one()
        if not self.company_id.tax_exigibility:
            return self.env["account.move"]
        partials = self._transfer_partials(moves)
        # a document transferred before this rule had its entry on the
        # transfer: none twice
        partials -= (
            self.env["account.move"]
            .search([("tax_cash_basis_rec_id", "in", partials.ids)])
            .tax_cash_basis_rec_id
        )
        if not partials:
            return self.env["account.move"]
        return partials.with_context(
            recouvrement_cash_basis_date=date,
            recouvrement_factor_entry_ids=self.account_move_id.ids,
        )._create_tax_cash_basis_moves()

    def _return_documents(self, moves, date=None):
        """The factor returns ``moves`` unpaid (recourse): undo their part of
        the transfer entry — unreconcile them, book a reversing entry
        (debit the customer, credit the factor) reconciled with the transfer
        lines — and give them back to the company's dunning."""
        self.ensure_one()
        if self.state != "accounted":
            raise UserError(
                self.env._(
                    "Only a document of an accounted batch can come back from the "
                    "factor."
                )
            )
        date = date or fields.Date.context_today(self)
        contract = self.contract_id
        currency = self.currency_id
        entry = self.account_move_id
        plan = []
        line_vals = []
        transfer_lines = self.env["account.move.line"]
        for move in moves:
            if move.recouvrement_factor_return_move_id:
                raise UserError(
                    self.env._(
                        "%(document)s has already come back from the factor.",
                        document=move.name,
                    )
                )
            if move.recouvrement_factor_paid_date:
                raise UserError(
                    self.env._(
                        "%(document)s was paid to the factor on %(date)s: it "
                        "cannot come back unpaid.",
                        document=move.name,
                        date=format_date(self.env, move.recouvrement_factor_paid_date),
                    )
                )
            partials = self._transfer_partials(move)
            lines = (partials.debit_move_id | partials.credit_move_id).filtered(
                lambda line, entry=entry: line.move_id == entry
            )
            partials.unlink()
            transfer_lines |= lines
        for line in transfer_lines:
            line_vals.append(
                {
                    "name": self.env._(
                        "%(document)s returned by the factor",
                        document=line.name,
                    ),
                    "account_id": line.account_id.id,
                    "partner_id": line.partner_id.id,
                    "currency_id": currency.id,
                    "amount_currency": -line.amount_currency,
                    "balance": -line.balance,
                }
            )
        total = sum(transfer_lines.mapped("balance"))
        total_currency = sum(transfer_lines.mapped("amount_currency"))
        line_vals.insert(
            0,
            {
                "name": self.env._("Returned from batch %(batch)s", batch=self.name),
                "account_id": contract.factor_account_id.id,
                "partner_id": contract.factor_partner_id.id,
                "currency_id": currency.id,
                "amount_currency": currency.round(total_currency),
                "balance": self.company_id.currency_id.round(total),
            },
        )
        reversal = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": contract.journal_id.id,
                "date": date,
                "ref": self.env._(
                    "Returned by %(factor)s: %(documents)s",
                    factor=contract.factor_partner_id.name,
                    documents=", ".join(moves.mapped("name")),
                ),
                "currency_id": currency.id,
                "line_ids": [Command.create(vals) for vals in line_vals],
            }
        )
        reversal.action_post()
        plan = [
            transfer_line | reversal_line
            for transfer_line, reversal_line in zip(
                transfer_lines, reversal.line_ids.sorted("id")[1:], strict=True
            )
        ]
        self.env["account.move.line"]._reconcile_plan(plan)
        moves.write({"recouvrement_factor_return_move_id": reversal.id})
        moves.filtered(
            lambda move: move.move_type == "out_invoice"
        )._recouvrement_include(source="factoring", origin=self)
        for move in moves:
            move.message_post(
                body=self.env._(
                    "Returned unpaid by %(factor)s (%(entry)s): back in the dunning, "
                    "late from its due date %(date)s.",
                    factor=contract.factor_partner_id.name,
                    entry=reversal.name,
                    date=format_date(self.env, move.invoice_date_due),
                )
            )
        self.message_post(
            body=self.env._(
                "Returned by the factor: %(documents)s (%(entry)s).",
                documents=", ".join(moves.mapped("name")),
                entry=reversal.name,
            )
        )
        return reversal

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("recouvrement_factor_batch_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_entries(self):
        self.ensure_one()
        moves = self.account_move_id | self.statement_move_ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
            "context": {"create": False},
        }
