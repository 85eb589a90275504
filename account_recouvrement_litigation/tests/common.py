"""Shared fixtures of the litigation tests: the core's, and helpers to open
a case on a given day; other addons' tests reuse them."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form

from odoo.addons.account_recouvrement_base.tests.common import (  # noqa: F401
    RecouvrementCommon,
    pdf_text,
)


class CaseCommon(RecouvrementCommon):
    """Litigation cases opened on a day, the case wizard, the activities of
    a case by the name of their type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Case = cls.env["recouvrement.case"]
        cls.stage_notice = cls.env.ref(
            "account_recouvrement_litigation.stage_formal_notice"
        )
        cls.stage_injonction = cls.env.ref(
            "account_recouvrement_litigation.stage_injonction"
        )
        cls.stage_closed = cls.env.ref("account_recouvrement_litigation.stage_closed")
        cls.consumer = cls.env["res.partner"].create(
            {"name": "Jeanne Petit", "country_id": cls.env.ref("base.fr").id}
        )

    def _case(self, invoices, on=date(2026, 3, 20), open_it=True, **values):
        with freeze_time(on):
            case = self.Case.create({"move_ids": [Command.set(invoices.ids)], **values})
            if open_it:
                case.action_open()
            self.env.flush_all()
        return case

    def _wizard(self, model, records, on=date(2026, 3, 20)):
        with freeze_time(on):
            return Form(
                self.env["recouvrement.case.wizard"].with_context(
                    active_model=model, active_ids=records.ids
                )
            ).save()

    def _activities(self, case):
        return {
            activity.activity_type_id.get_external_id()[
                activity.activity_type_id.id
            ].split(".")[1]: activity.date_deadline
            for activity in case.activity_ids
        }


class DoubtfulCaseCommon(CaseCommon):
    """Cases on invoices with 20 % VAT, and the balances of their entries
    by account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat_20 = cls.env["account.tax"].search(
            [
                *cls.env["account.tax"]._check_company_domain(cls.company),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 20.0),
                ("price_include", "=", False),
            ],
            limit=1,
        )

    def _invoice_with_vat(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 2, 1),
                "invoice_date_due": self.due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Prestation",
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(self.vat_20.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @staticmethod
    def _by_account(entries):
        balances = {}
        for line in entries.line_ids:
            code = line.account_id.code
            balances[code] = round(balances.get(code, 0.0) + line.balance, 2)
        return {code: balance for code, balance in balances.items() if balance}
