"""The dunning letter: its sentences, whole, in the recipient's language.

QWeb cuts a sentence into separate terms around each field it shows, so the
sentences that carry a value (an amount, a date, a reference) are written
here as whole translatable sentences, and the template only places them.
What the letter claims is decided here too (the overdue part and the
charges; the instalments not yet due are only listed), so that the letter
and its tests read the same figures."""

from markupsafe import Markup

from odoo import api, models
from odoo.tools.misc import format_amount, format_date

from ..lib.identity import siren


def _strong(value):
    return Markup("<strong>%s</strong>") % value


class RecouvrementLetterReport(models.AbstractModel):
    _name = "report.account_recouvrement_base.report_recouvrement_letter"
    _description = "Dunning Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["recouvrement.communication"].browse(docids)
        letters = {}
        for doc in docs:
            doc_lang = doc.with_context(lang=doc.recipient_id.lang or self.env.lang)
            letters[doc.id] = {
                **self._letter_figures(doc_lang),
                "texts": self._letter_texts(doc_lang),
            }
        return {
            "doc_ids": docids,
            "doc_model": docs._name,
            "docs": docs,
            "data": data,
            "letters": letters,
            # kept for templates that inherit the letter
            "letter_texts": {doc_id: vals["texts"] for doc_id, vals in letters.items()},
        }

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    @api.model
    def _letter_figures(self, doc):
        """What the letter lists and claims: the invoices with an overdue
        part (claimed, with the charges), and apart, for information, what
        falls due later. A courtesy reminder, with nothing overdue yet, lists
        the invoices falling due."""
        open_lines = doc.open_line_ids
        currency = doc.currency_id
        # the charges billed with the letter ("Bill charges now" later makes
        # other charges invoices, which a reprint must not show)
        charges = doc.charge_ids.filtered(
            lambda charge: charge.charge_move_id == doc.charge_move_id
        )
        charges_total = sum(charges.mapped("total_amount"))
        overdue_lines = open_lines.filtered(
            lambda line: currency.compare_amounts(line.amount_overdue, 0) > 0
        )
        not_due = [
            (line, line.amount_residual - line.amount_overdue)
            for line in open_lines
            if currency.compare_amounts(line.amount_residual, line.amount_overdue) > 0
        ]
        # the customer's open credit notes and unallocated payments (in the
        # reminder's currency) are deducted from what is claimed
        credits = doc.amount_credits if doc.credit_ids else 0.0
        if not overdue_lines:
            # nothing overdue yet: the reminder is about what falls due
            net = max(doc.amount_residual - credits, 0.0)
            return {
                "claim_lines": [(line, line.amount_residual) for line in open_lines],
                "not_due": [],
                "principal": doc.amount_residual,
                "credits": credits,
                "net_principal": net,
                "claimed": net + charges_total,
                "charges": charges,
                "charges_total": charges_total,
                "courtesy": True,
            }
        principal = sum(overdue_lines.mapped("amount_overdue"))
        net = max(principal - credits, 0.0)
        return {
            "claim_lines": [(line, line.amount_overdue) for line in overdue_lines],
            "not_due": not_due,
            "principal": principal,
            "credits": credits,
            "net_principal": net,
            "claimed": net + charges_total,
            "charges": charges,
            "charges_total": charges_total,
            "courtesy": False,
        }

    # ------------------------------------------------------------------
    # Sentences
    # ------------------------------------------------------------------

    @api.model
    def _letter_texts(self, doc):
        """The sentences of ``doc``'s letter that carry values, in the language
        of ``doc``'s environment (empty when the letter does not show them)."""
        env = doc.env
        figures = self._letter_figures(doc)
        letter_date, deadline = doc._letter_dates()
        company = doc.company_id
        debtor_type = doc.partner_id.recouvrement_debtor_type
        texts = {
            "date": self._date_line(doc, letter_date),
            "subject": env._(
                "Subject: formal notice to pay — our reference %(reference)s",
                reference=doc.name,
            )
            if doc.is_formal_notice
            else env._(
                "Subject: unpaid invoices — our reference %(reference)s",
                reference=doc.name,
            ),
            "registered": env._(
                "Registered letter with acknowledgement of receipt no. %(number)s",
                number=doc.lrar_number,
            )
            if doc.lrar_number
            else env._("Registered letter with acknowledgement of receipt"),
            "vat": env._("VAT number: %(vat)s", vat=doc.partner_id.vat)
            if doc.partner_id.vat
            else "",
            "charges_basis": self._charges_basis(env, debtor_type),
            "charges_billed": env._(
                "These charges are billed on invoice %(invoice)s.",
                invoice=doc.charge_move_id.name,
            )
            if doc.charge_move_id
            else "",
            "net_due": Markup(
                env._(
                    "After deduction of these credits, the net amount due is "
                    "%(amount)s."
                )
            )
            % {
                "amount": _strong(
                    format_amount(env, figures["net_principal"], doc.currency_id)
                )
            },
            "not_due": env._(
                "For your information, the following amounts are not yet due and "
                "are not claimed by this letter:"
            ),
            "demand": "",
            "pay_before": "",
            "penalties": self._penalties(doc, debtor_type),
            "bank": "",
            "references": env._(
                "Payment reference: %(references)s",
                references=", ".join(
                    line.move_id.payment_reference or line.move_id.name
                    for line, _amount in figures["claim_lines"]
                ),
            ),
            "department": env._("Credit department, %(company)s", company=company.name),
            "creditor": self._creditor_identity(env, company),
        }
        amount = _strong(format_amount(env, figures["claimed"], doc.currency_id))
        deadline_text = _strong(format_date(env, deadline)) if deadline else ""
        if doc.is_formal_notice and deadline:
            texts["demand"] = Markup(
                env._(
                    "Consequently, we formally demand that you pay us the sum of "
                    "%(amount)s no later than %(deadline)s, without prejudice to the "
                    "interest that continues to accrue until payment in full."
                )
            ) % {"amount": amount, "deadline": deadline_text}
        elif doc.is_formal_notice:
            texts["demand"] = Markup(
                env._(
                    "Consequently, we formally demand that you pay us the sum of "
                    "%(amount)s upon receipt of this letter, without prejudice to "
                    "the interest that continues to accrue until payment in full."
                )
            ) % {"amount": amount}
        elif deadline and not figures["courtesy"]:
            texts["pay_before"] = Markup(
                env._("Please pay us the sum of %(amount)s no later than %(deadline)s.")
            ) % {"amount": amount, "deadline": deadline_text}
        bank = company.partner_id.bank_ids[:1]
        if bank and bank.bank_bic:
            texts["bank"] = env._(
                "Bank transfer to IBAN %(iban)s (BIC %(bic)s)",
                iban=bank.acc_number,
                bic=bank.bank_bic,
            )
        elif bank:
            texts["bank"] = env._(
                "Bank transfer to IBAN %(iban)s", iban=bank.acc_number
            )
        return texts

    @api.model
    def _date_line(self, doc, letter_date):
        """“Lyon, 25 November 2026”: the place and the date the letter bears."""
        env = doc.env
        day = format_date(env, letter_date, date_format="long")
        city = doc.company_id.city
        if not city:
            return day
        return env._("%(city)s, %(date)s", city=city, date=day)

    @api.model
    def _charges_basis(self, env, debtor_type):
        """The heading of the charges table: the law they are owed under."""
        if debtor_type == "consumer":
            return env._(
                "Interest at the legal rate due under articles 1231-6 and 1344-1 of "
                "the French Civil Code, from the day after the receipt of our formal "
                "notice:"
            )
        if debtor_type == "public_body":
            return env._(
                "Late-payment interest and fixed indemnity for recovery costs due "
                "under articles L2192-13 and R2192-31 and following of the French "
                "Public Procurement Code:"
            )
        return env._(
            "Late-payment charges due under articles L441-10 and D441-5 of the "
            "French Commercial Code:"
        )

    @api.model
    def _penalties(self, doc, debtor_type):
        """The legal consequence of late payment, stated when no charges were
        billed with this letter: on a formal notice, and on a reminder with a
        deadline to a professional or a public body. A consumer owes nothing
        before a formal notice, and never the 40 euros indemnity."""
        env = doc.env
        level = doc.level_id
        if doc.charge_move_id or not (
            doc.is_formal_notice or level.payment_deadline_days
        ):
            return ""
        if debtor_type == "consumer":
            if not doc.is_formal_notice:
                return ""
            return env._(
                "Pursuant to articles 1231-6 and 1344-1 of the French Civil Code, "
                "this sum bears interest at the legal rate from the receipt of this "
                "formal notice."
            )
        if debtor_type == "public_body":
            return env._(
                "Pursuant to articles L2192-13 and R2192-31 and following of the "
                "French Public Procurement Code, this sum bears late-payment "
                "interest from the day after the payment deadline, and a fixed "
                "indemnity of 40 euros for recovery costs is due for each invoice "
                "paid late."
            )
        return env._(
            "Pursuant to article L441-10 of the French Commercial Code, this sum "
            "bears late-payment penalties from the day after each due date, at "
            "the rate of the European Central Bank plus 10 points unless our "
            "terms state otherwise, and a fixed indemnity of 40 euros for "
            "recovery costs is due for each invoice paid late (article D441-5)."
        )

    @api.model
    def _creditor_identity(self, env, company):
        """Who writes: name, legal form, registered office, SIREN or SIRET and
        VAT number, in the letter's body (this platform's PDF engine drops
        the report header and footer)."""
        partner = company.partner_id
        address = ", ".join(
            part
            for part in (
                partner.street,
                partner.street2,
                " ".join(p for p in (partner.zip, partner.city) if p),
                partner.country_id.name
                # by code: env.ref would query on every letter
                if partner.country_id and partner.country_id.code != "FR"
                else "",
            )
            if part
        )
        parts = [company.name]
        if company.recouvrement_legal_form:
            parts.append(company.recouvrement_legal_form)
        if address:
            parts.append(env._("registered office: %(address)s", address=address))
        registry = (company.company_registry or "").replace(" ", "")
        if len(registry) == 14 and registry.isdigit():
            parts.append(env._("SIRET %(siret)s", siret=registry))
        elif registry:
            parts.append(env._("SIREN %(siren)s", siren=siren(registry)))
        if company.vat:
            parts.append(env._("VAT number: %(vat)s", vat=company.vat))
        return " — ".join(parts)
