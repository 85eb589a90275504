"""The letters of a payment plan, their sentences whole and in the
customer's language (as the dunning letter does): the proposal the customer
signs, which is an acknowledgement of debt with the schedule and the
acceleration clause (déchéance du terme), and the notice sent when the plan
is breached, which claims the whole balance at once."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import format_amount, format_date

from odoo.addons.account_recouvrement_base.report.recouvrement_letter import _strong


def _plan_env(plan):
    return plan.with_context(lang=plan.recipient_id.lang or plan.env.lang)


class RecouvrementPlanLetterMixin(models.AbstractModel):
    """What both letters state: the date line, the payment details, the
    signatory and the creditor's identity."""

    _name = "report.account_recouvrement_payment_plan.plan_letter_mixin"
    _description = "Payment Plan Letter Helpers"

    @api.model
    def _common_texts(self, plan, letter_date):
        env = plan.env
        company = plan.company_id
        dunning = env["report.account_recouvrement_base.report_recouvrement_letter"]
        texts = {
            "date": dunning._date_line(plan, letter_date),
            "vat": env._("VAT number: %(vat)s", vat=plan.partner_id.vat)
            if plan.partner_id.vat
            else "",
            "bank": "",
            "reference": env._(
                "Please state the reference %(reference)s with each payment.",
                reference=plan.name,
            ),
            "department": env._("Credit department, %(company)s", company=company.name),
            "creditor": dunning._creditor_identity(env, company),
            "signatory": plan.signatory_name or "",
            "signatory_title": plan.signatory_title or "",
        }
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


class RecouvrementPlanProposalReport(models.AbstractModel):
    _name = "report.account_recouvrement_payment_plan.report_plan_proposal"
    _description = "Payment Plan Proposal"

    @api.model
    def _get_report_values(self, docids, data=None):
        plans = self.env["recouvrement.plan"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": plans._name,
            "docs": plans,
            "data": data,
            "letters": {plan.id: self._letter(_plan_env(plan)) for plan in plans},
        }

    @api.model
    def _letter(self, plan):
        env = plan.env
        currency = plan.currency_id
        company = plan.company_id
        letter_date = plan.proposal_date or fields.Date.context_today(plan)
        texts = self.env[
            "report.account_recouvrement_payment_plan.plan_letter_mixin"
        ]._common_texts(plan, letter_date)
        lines = plan.line_ids.sorted(lambda line: (line.date_due, line.sequence))
        down_payment = not currency.is_zero(plan.down_payment)
        texts.update(
            {
                "subject": env._(
                    "Subject: payment plan proposal — our reference %(reference)s",
                    reference=plan.name,
                ),
                "acknowledge": Markup(
                    env._(
                        "%(debtor)s acknowledges owing %(creditor)s the sum of "
                        "%(amount)s under the invoices listed below, and undertakes "
                        "to pay it according to the following schedule."
                    )
                )
                % {
                    "debtor": _strong(plan.partner_id.name),
                    "creditor": company.name,
                    "amount": _strong(format_amount(env, plan.amount_total, currency)),
                },
                "down_payment": env._(
                    "The first payment, of %(amount)s, is a down payment due on "
                    "%(date)s.",
                    amount=format_amount(env, plan.down_payment, currency),
                    date=format_date(env, lines[:1].date_due),
                )
                if down_payment and lines
                else "",
                "clause": env._(
                    "Acceleration clause: should a single instalment remain unpaid "
                    "%(days)s days after a reminder to pay it, the plan lapses and "
                    "the whole balance still due becomes payable at once "
                    "(déchéance du terme), without any further formality, together "
                    "with the late-payment charges provided for by law.",
                    days=company.recouvrement_plan_breach_days,
                ),
                "interest": env._(
                    "As long as the schedule is honoured, no late-payment interest "
                    "will be charged on these invoices."
                )
                if plan.suspend_interest
                else "",
                "prescription": env._(
                    "This acknowledgement of debt interrupts the prescription of "
                    "the claim (article 2240 of the French Civil Code)."
                ),
                "return": env._(
                    "Please return this proposal to us dated and signed, preceded "
                    "by the handwritten words “Agreed”."
                ),
                "debtor_block": env._("For %(debtor)s", debtor=plan.partner_id.name),
                "creditor_block": env._("For %(creditor)s", creditor=company.name),
            }
        )
        return {
            "texts": texts,
            "lines": lines,
            "moves": plan.move_ids.sorted(
                lambda move: (move.invoice_date_due, move.name)
            ),
        }


class RecouvrementPlanBreachReport(models.AbstractModel):
    _name = "report.account_recouvrement_payment_plan.report_plan_breach"
    _description = "Payment Plan Acceleration Notice"

    @api.model
    def _get_report_values(self, docids, data=None):
        plans = self.env["recouvrement.plan"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": plans._name,
            "docs": plans,
            "data": data,
            "letters": {plan.id: self._letter(_plan_env(plan)) for plan in plans},
        }

    @api.model
    def _letter(self, plan):
        env = plan.env
        currency = plan.currency_id
        letter_date = plan.breach_date or fields.Date.context_today(plan)
        texts = self.env[
            "report.account_recouvrement_payment_plan.plan_letter_mixin"
        ]._common_texts(plan, letter_date)
        late = plan.line_ids.filtered(lambda line: line.state == "late").sorted(
            lambda line: (line.date_due, line.sequence)
        )
        reminded = late.filtered(lambda line: line.reminder_state == "reminder")[:1]
        first_late = reminded or late[:1]
        moves = plan.move_ids.filtered(
            lambda move: not move.currency_id.is_zero(move.amount_residual)
        ).sorted(lambda move: (move.invoice_date_due, move.name))
        balance = sum(moves.mapped("amount_residual"))
        texts.update(
            {
                "subject": env._(
                    "Subject: payment plan %(reference)s — the whole balance is due",
                    reference=plan.name,
                ),
                "unpaid": env._(
                    "Under the payment plan %(plan)s signed on %(signed)s, the "
                    "instalment of %(amount)s due on %(date)s remains unpaid despite "
                    "our reminder of %(reminder)s.",
                    plan=plan.name,
                    signed=format_date(env, plan.signed_date),
                    amount=format_amount(env, first_late.amount, currency),
                    date=format_date(env, first_late.date_due),
                    reminder=format_date(env, first_late.reminder_date),
                )
                if first_late.reminder_date
                else env._(
                    "Under the payment plan %(plan)s signed on %(signed)s, the "
                    "instalment of %(amount)s due on %(date)s remains unpaid.",
                    plan=plan.name,
                    signed=format_date(env, plan.signed_date),
                    amount=format_amount(env, first_late.amount, currency),
                    date=format_date(env, first_late.date_due),
                ),
                "demand": Markup(
                    env._(
                        "Pursuant to the acceleration clause of that plan, the whole "
                        "balance still due, %(balance)s, is now payable at once "
                        "(déchéance du terme). Please pay it upon receipt of this "
                        "letter."
                    )
                )
                % {"balance": _strong(format_amount(env, balance, currency))},
                "consequence": env._(
                    "Failing payment, we will resume the recovery of our claim, "
                    "with the late-payment charges provided for by law from the "
                    "original due dates of the invoices."
                ),
            }
        )
        return {"texts": texts, "moves": moves, "balance": balance}
