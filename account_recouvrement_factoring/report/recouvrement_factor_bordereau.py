"""The remittance slip (bordereau de cession, quittance subrogative) of a
factoring batch: each document transferred, the totals, and the subrogation
the company grants the factor that pays it (art. 1346-1 C. civ.)."""

from odoo import api, models
from odoo.tools.misc import format_amount, format_date


class RecouvrementFactorBordereau(models.AbstractModel):
    _name = "report.account_recouvrement_factoring.report_factor_bordereau"
    _description = "Factoring Remittance Slip"

    @api.model
    def _get_report_values(self, docids, data=None):
        batches = self.env["recouvrement.factor.batch"].browse(docids)
        slips = {batch.id: self._slip(batch) for batch in batches}
        return {
            "doc_ids": docids,
            "doc_model": batches._name,
            "docs": batches,
            "slips": slips,
        }

    def _slip(self, batch):
        currency = batch.currency_id
        rows = []
        invoices = credit_notes = 0.0
        for move in batch.move_ids.sorted(lambda m: (m.invoice_date, m.name, m.id)):
            credit_note = move.move_type == "out_refund"
            if credit_note:
                credit_notes += move.amount_total
            else:
                invoices += move.amount_total
            rows.append(
                {
                    "move": move,
                    "type": self.env._("Credit note")
                    if credit_note
                    else self.env._("Invoice"),
                    "partner": move.commercial_partner_id,
                    "siret": move.commercial_partner_id._get_siret() or "",
                    "amount": -move.amount_total if credit_note else move.amount_total,
                }
            )
        net = currency.round(invoices - credit_notes)
        company = batch.company_id
        factor = batch.contract_id.factor_partner_id
        return {
            "rows": rows,
            "currency": currency,
            "invoices": currency.round(invoices),
            "credit_notes": currency.round(credit_notes),
            "net": net,
            "texts": {
                "date": self.env._(
                    "%(city)s, %(date)s",
                    city=company.city or "",
                    date=format_date(self.env, batch.date),
                ),
                "intro": self.env._(
                    "Under our factoring contract %(contract)s (client code "
                    "%(code)s), we transfer to %(factor)s the receivables listed "
                    "below, batch %(batch)s.",
                    contract=batch.contract_id.name,
                    code=batch.contract_id.client_code,
                    factor=factor.name,
                    batch=batch.name,
                ),
                "subrogation": self.env._(
                    "Having received from %(factor)s the sum of %(amount)s in "
                    "payment of these receivables, %(company)s subrogates "
                    "%(factor)s in all its rights, actions, privileges and "
                    "securities against the debtors named above, up to that "
                    "amount, in accordance with article 1346-1 of the Civil Code. "
                    "This subrogation is express and made at the same time as the "
                    "payment.",
                    factor=factor.name,
                    amount=format_amount(self.env, net, currency),
                    company=company.name,
                ),
                "guarantee": self.env._(
                    "We certify that these receivables are due for goods delivered "
                    "or services rendered, that they have not been paid, "
                    "transferred or pledged, and that we know of no dispute about "
                    "them."
                ),
            },
        }
