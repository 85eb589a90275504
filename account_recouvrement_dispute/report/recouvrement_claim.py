"""The claim statement (déclaration de créance) sent to the mandataire
judiciaire when a customer is under insolvency proceedings: the principal of
each invoice issued up to the judgement, due (échue) or falling due later
(à échoir), the late interest up to the judgement, which stops it (article
L622-28 of the French Commercial Code), and the recovery indemnities."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount, format_date

from odoo.addons.account_recouvrement_base.report.recouvrement_letter import _strong


class RecouvrementClaimReport(models.AbstractModel):
    _name = "report.account_recouvrement_dispute.report_recouvrement_claim"
    _description = "Insolvency Claim Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        claims = {}
        for partner in partners:
            if not partner.recouvrement_insolvency_date:
                raise UserError(
                    self.env._(
                        "%(customer)s is not under insolvency proceedings: there is "
                        "no claim to file.",
                        customer=partner.display_name,
                    )
                )
            claims[partner.id] = self._claim(
                partner.with_context(lang=partner.lang or self.env.lang)
            )
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "claims": claims,
        }

    @api.model
    def _claim_moves(self, partner):
        """The customer's invoices issued up to the judgement and still open,
        in the company's currency and in others."""
        return self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", partner.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("company_id", "=", self.env.company.id),
                ("invoice_date", "<=", partner.recouvrement_insolvency_date),
                ("payment_state", "not in", ("paid", "in_payment", "reversed")),
            ],
            order="invoice_date_due, name",
        )

    @api.model
    def _claim(self, partner):
        judgement = partner.recouvrement_insolvency_date
        moves = self._claim_moves(partner)
        charges = self.env["recouvrement.charge"]._compute_for_moves(
            moves.filtered(lambda move: move.invoice_date_due < judgement),
            judgement,
        )
        company = self.env.company
        rows = []
        totals = {"principal": 0.0, "due": 0.0, "not_due": 0.0, "interest": 0.0}
        totals["indemnity"] = 0.0
        for move in moves:
            computed = charges.get(move, {})
            interest = sum(amount for _f, _t, _r, amount in computed.get("lines", []))
            indemnity = computed.get("indemnity", 0.0)
            is_due = move.invoice_date_due < judgement
            rows.append(
                {
                    "move": move,
                    "principal": move.amount_residual,
                    "is_due": is_due,
                    "interest": interest,
                    "indemnity": indemnity,
                    "rates": ", ".join(
                        f"{rate:.2f} %"
                        for _f, _t, rate, _a in computed.get("lines", [])
                    ),
                }
            )
            totals["principal"] += move.amount_residual
            totals["due" if is_due else "not_due"] += move.amount_residual
            totals["interest"] += interest
            totals["indemnity"] += indemnity
        totals["total"] = totals["principal"] + totals["interest"] + totals["indemnity"]
        env = partner.env
        currency = company.currency_id
        letter = env["report.account_recouvrement_base.report_recouvrement_letter"]
        today = format_date(env, fields.Date.context_today(self), date_format="long")
        proceedings = dict(
            partner._fields["recouvrement_insolvency_state"]._description_selection(env)
        )[partner.recouvrement_insolvency_state]
        return {
            "rows": rows,
            "totals": totals,
            "currency": currency,
            "texts": {
                "date": env._("%(city)s, %(date)s", city=company.city, date=today)
                if company.city
                else today,
                "subject": env._(
                    "Subject: statement of claim — %(customer)s, %(proceedings)s "
                    "opened on %(date)s",
                    customer=partner.name,
                    proceedings=proceedings,
                    date=format_date(env, judgement),
                ),
                "declare": Markup(
                    env._(
                        "Pursuant to articles L622-24 and R622-23 of the French "
                        "Commercial Code, we hereby declare our claim against "
                        "%(customer)s for the sum of %(amount)s, of which %(due)s fell "
                        "due before the judgement and %(not_due)s falls due later, "
                        "broken down below."
                    )
                )
                % {
                    "customer": _strong(partner.name),
                    "amount": _strong(format_amount(env, totals["total"], currency)),
                    "due": format_amount(
                        env,
                        totals["due"] + totals["interest"] + totals["indemnity"],
                        currency,
                    ),
                    "not_due": format_amount(env, totals["not_due"], currency),
                },
                "interest_until": env._(
                    "Late interest is counted up to the judgement of %(date)s, which "
                    "stops it (article L622-28 of the French Commercial Code).",
                    date=format_date(env, judgement),
                ),
                "certify": env._("We certify this claim true and accurate."),
                "creditor": letter._creditor_identity(env, company),
                "debtor_id": env._(
                    "SIREN %(siren)s", siren=(partner.company_registry or "")[:9]
                )
                if partner.company_registry
                else "",
            },
        }
