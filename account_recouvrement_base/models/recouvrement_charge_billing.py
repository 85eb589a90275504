from datetime import timedelta

from odoo import Command, api, models


class RecouvrementChargeBilling(models.AbstractModel):
    """The charges invoice of a formal notice: the charges of its invoices
    computed (``recouvrement.charge._compute_for_moves``), recorded and
    billed to the customer in one posted invoice. Part of
    ``recouvrement.charge``."""

    _name = "recouvrement.charge.billing"
    _description = "Late-payment Charge: Billing"

    # ------------------------------------------------------------------
    # Billing
    # ------------------------------------------------------------------

    @api.model
    def _bill(self, communication, moves, on_date):
        """Create the charges of ``moves`` and one posted charges invoice for
        the communication's customer. Returns the charges invoice (or an
        empty recordset when nothing is owed)."""
        level = communication.level_id
        # no charge is billed once the addons stop them (insolvency
        # proceedings: the claim statement states what ran until then)
        moves = moves.filtered(
            lambda move: (
                not move.commercial_partner_id._recouvrement_charges_stopped_on(on_date)
            )
        )
        computed = self._compute_for_moves(
            moves, on_date, indemnity=level.charge_indemnity
        )
        if not level.charge_interest:
            computed = {
                m: dict(v, lines=[]) for m, v in computed.items() if v["indemnity"]
            }
        if not computed:
            return self.env["account.move"]
        company = communication.company_id
        interest_product = company._recouvrement_charge_product("interest")
        indemnity_product = company._recouvrement_charge_product("indemnity")
        interest_account = company._recouvrement_charge_account("interest")
        indemnity_account = company._recouvrement_charge_account("indemnity")
        invoice_lines = []
        charge_vals = []
        lang = communication.partner_id.lang or self.env.lang
        for move, values in computed.items():
            for date_from, date_to, rate, amount in values["lines"]:
                invoice_lines.append(
                    Command.create(
                        {
                            "product_id": interest_product.id,
                            **(
                                {"account_id": interest_account.id}
                                if interest_account
                                else {}
                            ),
                            "name": self.with_context(lang=lang).env._(
                                "Late interest on %(invoice)s at %(rate)s %% "
                                "from %(date_from)s to %(date_to)s",
                                invoice=move.name,
                                rate=self._format_rate(rate, lang),
                                date_from=self._format_date(date_from, lang),
                                date_to=self._format_date(date_to, lang),
                            ),
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                )
            if values["indemnity"]:
                invoice_lines.append(
                    Command.create(
                        {
                            "product_id": indemnity_product.id,
                            **(
                                {"account_id": indemnity_account.id}
                                if indemnity_account
                                else {}
                            ),
                            "name": self.with_context(lang=lang).env._(
                                "Fixed indemnity for recovery costs, invoice "
                                "%(invoice)s (art. D441-5 C. com.)",
                                invoice=move.name,
                            ),
                            "quantity": 1,
                            "price_unit": values["indemnity"],
                            "tax_ids": [Command.clear()],
                        }
                    )
                )
            charge_vals.append(
                {
                    "move_id": move.id,
                    "communication_id": communication.id,
                    "date": on_date,
                    "interest_date_from": values["date_from"],
                    "interest_date_to": values["date_to"] if values["lines"] else False,
                    "rate_description": ", ".join(
                        f"{self._format_rate(rate, lang)} %"
                        for _f, _t, rate, _a in values["lines"]
                    ),
                    "currency_id": move.currency_id.id,
                    "interest_amount": sum(a for _f, _t, _r, a in values["lines"]),
                    "indemnity_amount": values["indemnity"],
                }
            )
        charge_invoice = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": communication.partner_id.id,
                    "company_id": company.id,
                    "currency_id": communication.currency_id.id,
                    "invoice_date": on_date,
                    "invoice_date_due": on_date
                    + timedelta(days=communication.level_id.payment_deadline_days),
                    "recouvrement_is_charge": True,
                    "invoice_origin": communication.name,
                    "invoice_line_ids": invoice_lines,
                    "narration": self._charges_narration(communication, lang),
                }
            )
        )
        charge_invoice.action_post()
        for vals in charge_vals:
            vals["charge_move_id"] = charge_invoice.id
        self.create(charge_vals)
        return charge_invoice

    @api.model
    def _charges_narration(self, communication, lang):
        """Why the charges invoice bears no VAT (late interest and the
        indemnity pay for no supply), citing the law the charges rest on: the
        Commercial Code binds professionals only, a consumer owes the legal
        interest of the Civil Code."""
        env = self.with_context(lang=lang).env
        partner = communication.partner_id.commercial_partner_id
        if partner.recouvrement_debtor_type == "consumer":
            return env._(
                "Out of scope of VAT: interest at the legal rate for late payment, "
                "running from the formal notice (articles 1231-6 and 1344-1 of the "
                "French Civil Code)."
            )
        return env._(
            "Out of scope of VAT: late-payment interest and fixed indemnity for "
            "recovery costs (articles L441-10 and D441-5 of the French Commercial "
            "Code)."
        )

    @api.model
    def _format_rate(self, rate, lang):
        """The rate as the customer writes numbers (12,15 in French)."""
        language = self.env["res.lang"]._lang_get(lang) if lang else None
        return language.format("%.2f", rate) if language else f"{rate:.2f}"

    def _format_date(self, day, lang):
        from odoo.tools.misc import format_date

        return format_date(self.env, day, lang_code=lang)
