from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

DEFAULT_COMMISSION_VAT_RATE = 20.0


class RecouvrementFactorStatementWizard(models.TransientModel):
    """The factor's statement (relevé de financement): what it paid for a
    batch — the amount financed less its commission and the VAT on it, and
    less the guarantee reserve it keeps back."""

    _name = "recouvrement.factor.statement.wizard"
    _description = "Factor Statement"

    batch_id = fields.Many2one(
        comodel_name="recouvrement.factor.batch",
        required=True,
        domain="[('state', '=', 'accounted')]",
    )
    contract_id = fields.Many2one(
        related="batch_id.contract_id",
    )
    company_id = fields.Many2one(
        related="batch_id.company_id",
    )
    currency_id = fields.Many2one(
        related="batch_id.currency_id",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
    )
    journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Bank journal",
        required=True,
        domain="[('type', '=', 'bank'), ('company_id', '=', company_id)]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The bank account the factor paid into.",
    )
    amount_financed = fields.Monetary(
        string="Amount financed",
        currency_field="currency_id",
        compute="_compute_amounts",
        store=True,
        readonly=False,
        precompute=True,
        help="What the factor credits on the batch, before its deductions.",
    )
    commission = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_amounts",
        store=True,
        readonly=False,
        precompute=True,
        help="The factor's commission, excluding VAT.",
    )
    commission_tax = fields.Monetary(
        string="VAT on commission",
        currency_field="currency_id",
        compute="_compute_amounts",
        store=True,
        readonly=False,
        precompute=True,
    )
    reserve = fields.Monetary(
        string="Guarantee reserve",
        currency_field="currency_id",
        compute="_compute_amounts",
        store=True,
        readonly=False,
        precompute=True,
    )
    amount_net = fields.Monetary(
        string="Paid into the bank",
        currency_field="currency_id",
        compute="_compute_amount_net",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "recouvrement.factor.batch":
            values.setdefault("batch_id", self.env.context.get("active_id"))
        return values

    @api.depends("company_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = self.env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", wizard.company_id.id)],
                limit=1,
            )

    @api.depends("batch_id")
    def _compute_amounts(self):
        for wizard in self:
            contract = wizard.contract_id
            currency = wizard.currency_id
            financed = wizard.batch_id.amount_total
            commission = currency.round(financed * contract.commission_rate / 100)
            wizard.amount_financed = financed
            wizard.commission = commission
            wizard.commission_tax = currency.round(
                commission * DEFAULT_COMMISSION_VAT_RATE / 100
            )
            wizard.reserve = currency.round(financed * contract.reserve_rate / 100)

    @api.depends("amount_financed", "commission", "commission_tax", "reserve")
    def _compute_amount_net(self):
        for wizard in self:
            wizard.amount_net = (
                wizard.amount_financed
                - wizard.commission
                - wizard.commission_tax
                - wizard.reserve
            )

    def action_confirm(self):
        """Book the statement: debit the bank (net), the commission, its VAT
        and the reserve; credit the factor's account (the amount financed)."""
        self.ensure_one()
        batch = self.batch_id
        contract = self.contract_id
        currency = self.currency_id
        if batch.state != "accounted":
            raise UserError(
                self.env._(
                    "Record the factor's statement once the batch %(batch)s is booked.",
                    batch=batch.name,
                )
            )
        amounts = (self.commission, self.commission_tax, self.reserve)
        if (
            float_compare(
                self.amount_financed, 0.0, precision_rounding=currency.rounding
            )
            <= 0
            or any(
                float_compare(amount, 0.0, precision_rounding=currency.rounding) < 0
                for amount in amounts
            )
            or float_compare(self.amount_net, 0.0, precision_rounding=currency.rounding)
            < 0
        ):
            raise UserError(
                self.env._(
                    "The amount financed must be positive and cover the commission, "
                    "its VAT and the reserve."
                )
            )
        if not self.journal_id.default_account_id:
            raise UserError(
                self.env._(
                    "The journal %(journal)s has no bank account.",
                    journal=self.journal_id.name,
                )
            )
        factor = contract.factor_partner_id
        label = self.env._("Factor statement, batch %(batch)s", batch=batch.name)
        lines = [
            (self.journal_id.default_account_id, self.amount_net, False),
            (contract.commission_account_id, self.commission, False),
            (contract.commission_tax_account_id, self.commission_tax, False),
            (contract.reserve_account_id, self.reserve, factor),
            (contract.factor_account_id, -self.amount_financed, factor),
        ]
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.journal_id.id,
                "date": self.date,
                "ref": label,
                "currency_id": currency.id,
                "recouvrement_factor_statement_batch_id": batch.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": account.id,
                            "partner_id": partner and partner.id,
                            "currency_id": currency.id,
                            "amount_currency": amount,
                            "balance": currency._convert(
                                amount,
                                batch.company_id.currency_id,
                                batch.company_id,
                                self.date,
                            ),
                        }
                    )
                    for account, amount, partner in lines
                    if not currency.is_zero(amount)
                ],
            }
        )
        entry.action_post()
        batch.message_post(
            body=self.env._("Factor statement booked (%(entry)s).", entry=entry.name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": entry.id,
            "view_mode": "form",
        }
