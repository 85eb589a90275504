"""Shared fixtures of the dispute tests: the core's, and a helper to open a
dispute on a given day; other addons' tests reuse them."""

from datetime import date

from freezegun import freeze_time

from odoo.addons.account_recouvrement_base.tests.common import (  # noqa: F401
    RecouvrementCommon,
    pdf_text,
)


class DisputeCommon(RecouvrementCommon):
    """Disputes opened on a day, for a reason (Quality by default)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Dispute = cls.env["recouvrement.dispute"]
        cls.reason_quality = cls.env.ref(
            "account_recouvrement_dispute.dispute_reason_quality"
        )

    def _dispute(self, invoice, on=date(2026, 3, 20), **values):
        with freeze_time(on):
            dispute = self.Dispute.create(
                {"move_id": invoice.id, "reason_id": self.reason_quality.id, **values}
            )
            self.env.flush_all()
        return dispute
