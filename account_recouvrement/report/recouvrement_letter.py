"""The dunning letter: its sentences, whole, in the recipient's language.

QWeb cuts a sentence into separate terms around each field it shows, so the
sentences that carry a value (an amount, a date, a reference) are written
here as whole translatable sentences, and the template only places them."""

from markupsafe import Markup

from odoo import api, models
from odoo.tools.misc import format_amount, format_date


def _strong(value):
    return Markup("<strong>%s</strong>") % value


class RecouvrementLetterReport(models.AbstractModel):
    _name = "report.account_recouvrement.report_recouvrement_letter"
    _description = "Dunning Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["recouvrement.communication"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": docs._name,
            "docs": docs,
            "data": data,
            "letter_texts": {
                doc.id: self._letter_texts(
                    doc.with_context(lang=doc.recipient_id.lang or self.env.lang)
                )
                for doc in docs
            },
        }

    @api.model
    def _letter_texts(self, doc):
        """The sentences of ``doc``'s letter that carry values, in the language
        of ``doc``'s environment (empty when the letter does not show them)."""
        env = doc.env
        # the amount claimed is net of the customer's open credits
        total = doc.amount_net + doc.amount_charges
        deadline = (
            format_date(env, doc.payment_deadline) if doc.payment_deadline else ""
        )
        bank = doc.company_id.partner_id.bank_ids[:1]
        texts = {
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
            "charges_billed": env._(
                "These charges are billed on invoice %(invoice)s.",
                invoice=doc.charge_move_id.name,
            )
            if doc.charge_move_id
            else "",
            "demand": Markup(
                env._(
                    "Consequently, we formally demand that you pay the sum of "
                    "%(amount)s no later than %(deadline)s."
                )
            )
            % {
                "amount": _strong(format_amount(env, total, doc.currency_id)),
                "deadline": _strong(deadline),
            },
            "net_due": Markup(
                env._(
                    "After deduction of these credits, the net amount due is "
                    "%(amount)s."
                )
            )
            % {"amount": _strong(format_amount(env, doc.amount_net, doc.currency_id))},
            "pay_before": Markup(
                env._("Please pay this sum no later than %(deadline)s.")
            )
            % {"deadline": _strong(deadline)},
            "penalties": env._(
                "Pursuant to article L441-10 of the French Commercial Code, this sum "
                "bears late-payment penalties from the day after each due date, at "
                "the rate of the European Central Bank plus 10 points unless our "
                "terms state otherwise, and a fixed indemnity of 40 euros for "
                "recovery costs is due for each invoice paid late (article D441-5)."
            )
            if doc.level_id.charge_indemnity
            else env._(
                "Pursuant to article L441-10 of the French Commercial Code, this sum "
                "bears late-payment penalties from the day after each due date, at "
                "the rate of the European Central Bank plus 10 points unless our "
                "terms state otherwise."
            ),
            "bank": "",
            "references": env._(
                "Payment reference: %(references)s",
                references=", ".join(
                    line.move_id.payment_reference or line.move_id.name
                    for line in doc.open_line_ids
                ),
            ),
            "department": env._(
                "Credit department, %(company)s", company=doc.company_id.name
            ),
        }
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
