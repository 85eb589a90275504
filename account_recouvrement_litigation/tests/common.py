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
