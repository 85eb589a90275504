"""Shared fixtures of the factoring tests: the core's, and a factoring
contract with its customers; other addons' tests reuse them."""

from datetime import date

from freezegun import freeze_time

from odoo import Command

from odoo.addons.account_recouvrement_base.tests.common import (  # noqa: F401
    RecouvrementCommon,
    pdf_text,
)


class FactorCommon(RecouvrementCommon):
    """A factoring contract (BPCE format) with two factored customers, their
    SIRET numbers (OCA l10n_fr_siret), and helpers for batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.factor_account = Account.create(
            {"code": "467100", "name": "BPCE Factor", "account_type": "asset_current"}
        )
        cls.reserve_account = Account.create(
            {
                "code": "467200",
                "name": "BPCE Factor - reserve",
                "account_type": "asset_current",
            }
        )
        cls.factor = cls.env["res.partner"].create(
            {"name": "BPCE Factor", "is_company": True}
        )
        cls.factor_bank = cls.env["res.partner.bank"].create(
            {"acc_number": "FR7612548029989876543210917", "partner_id": cls.factor.id}
        )
        cls.misc_journal = cls.company_data["default_journal_misc"]
        cls.contract = cls.env["recouvrement.factor.contract"].create(
            {
                "name": "BPCE Factor 2026",
                "factor_partner_id": cls.factor.id,
                "client_code": "CLI0042",
                "file_format": "bpce",
                "journal_id": cls.misc_journal.id,
                "factor_account_id": cls.factor_account.id,
                "reserve_account_id": cls.reserve_account.id,
                "commission_rate": 0.5,
                "reserve_rate": 10.0,
                "bank_account_id": cls.factor_bank.id,
            }
        )
        cls.customer.write(
            {
                "company_registry": "73282932000074",
                "ref": "C-MARTIN",
                "recouvrement_factor_contract_id": cls.contract.id,
            }
        )
        cls.customer_2.write(
            {
                "company_registry": "40483304800022",
                "recouvrement_factor_contract_id": cls.contract.id,
            }
        )

    @classmethod
    def _credit_note(cls, invoice, amount, on=None):
        """A posted credit note of ``amount`` crediting ``invoice``, left
        open as it goes to the factor too (posted with its origin, Odoo would
        reconcile it with the invoice)."""
        on = on or invoice.invoice_date
        credit_note = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": on,
                "invoice_date_due": on,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Avoir",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        credit_note.action_post()
        credit_note.reversed_entry_id = invoice
        return credit_note

    def _batch(self, moves=None, on=date(2026, 2, 15), contract=None):
        with freeze_time(on):
            return self.env["recouvrement.factor.batch"].create(
                {
                    "contract_id": (contract or self.contract).id,
                    "date": on,
                    "move_ids": [Command.set(moves.ids)] if moves else [],
                }
            )
