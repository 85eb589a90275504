from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    recouvrement_doubtful_account_id = fields.Many2one(
        related="company_id.recouvrement_doubtful_account_id",
        readonly=False,
    )
    recouvrement_provision_account_id = fields.Many2one(
        related="company_id.recouvrement_provision_account_id",
        readonly=False,
    )
    recouvrement_provision_expense_account_id = fields.Many2one(
        related="company_id.recouvrement_provision_expense_account_id",
        readonly=False,
    )
    recouvrement_provision_income_account_id = fields.Many2one(
        related="company_id.recouvrement_provision_income_account_id",
        readonly=False,
    )
    recouvrement_write_off_account_id = fields.Many2one(
        related="company_id.recouvrement_write_off_account_id",
        readonly=False,
    )
    recouvrement_doubtful_journal_id = fields.Many2one(
        related="company_id.recouvrement_doubtful_journal_id",
        readonly=False,
    )
