"""The remittance slip of a factoring batch (issue #14), read back with
pdftotext: each document, the totals, the subrogation, the signatures."""

import subprocess
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FactorCommon

BORDEREAU = "account_recouvrement_factoring.action_report_recouvrement_factor_bordereau"


def pdftotext(raw):
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=raw,
        capture_output=True,
        check=True,
    ).stdout.decode()
    # Odoo writes a zero-width space after a minus sign
    return " ".join(text.replace("\u200b", "").split())


@tagged("post_install", "-at_install")
class TestFactorBordereau(FactorCommon):
    def test_bordereau_lists_the_documents_and_subrogates_the_factor(self):
        self.company.write(
            {
                "recouvrement_signatory_name": "Claire Durand",
                "recouvrement_signatory_title": "Directrice financière",
            }
        )
        first = self._post_invoice(amount=1000.0)
        second = self._post_invoice(partner=self.customer_2, amount=500.0)
        credit_note = self._credit_note(first, 200.0, on=date(2026, 2, 5))
        batch = self._batch(first | second | credit_note)
        with freeze_time(date(2026, 2, 15)):
            batch.action_confirm()
            pdf, _ = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(self.env.ref(BORDEREAU), batch.ids)
            )
        text = pdftotext(pdf)
        self.assertIn("BORDEREAU DE CESSION — QUITTANCE SUBROGATIVE", text)
        self.assertIn(
            f"Under our factoring contract BPCE Factor 2026 (client code CLI0042), "
            f"we transfer to BPCE Factor the receivables listed below, batch "
            f"{batch.name}.",
            text,
        )
        self.assertRegex(
            text,
            rf"{first.name} Invoice Boulangerie Martin 73282932000074 01/31/2026 "
            r"03/02/2026 \S*\s?1,000\.00",
        )
        self.assertRegex(
            text,
            rf"{second.name} Invoice Garage Dupont 40483304800022 01/31/2026 "
            r"03/02/2026 \S*\s?500\.00",
        )
        self.assertRegex(
            text,
            rf"{credit_note.name} Credit note Boulangerie Martin 73282932000074 "
            r"02/05/2026 02/05/2026 \S*\s?-\s?200\.00",
        )
        self.assertRegex(text, r"Invoices \S*\s?1,500\.00")
        self.assertRegex(text, r"Credit notes \S*\s?-\s?200\.00")
        self.assertRegex(text, r"Total transferred \S*\s?1,300\.00")
        self.assertRegex(
            text,
            r"Having received from BPCE Factor the sum of \S*\s?1,300\.00\s?\S* in "
            r"payment of these receivables, .* subrogates BPCE Factor in all its "
            r"rights, actions, privileges and securities .* article 1346-1 of the "
            r"Civil Code",
        )
        self.assertIn("For company_1_data For BPCE Factor Claire Durand", text)
        self.assertIn("Directrice financière Signature and stamp", text)
