"""The case file (dossier) handed to the lawyer or the commissaire de
justice: the statement (décompte) of the claim, the communications sent to
the debtor for its invoices, and the numbered list of documents (bordereau de
pièces). With the statement, the bordereau is the annex of a requête en
injonction de payer; the Cerfa form itself is filled by hand."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import format_amount, format_date

from odoo.addons.account_recouvrement_base.report.recouvrement_letter import _strong


class RecouvrementCaseFileReport(models.AbstractModel):
    _name = "report.account_recouvrement_litigation.report_case_file"
    _description = "Litigation Case File"

    @api.model
    def _get_report_values(self, docids, data=None):
        cases = self.env["recouvrement.case"].browse(docids)
        files = {case.id: self._case_file(case) for case in cases}
        return {
            "doc_ids": docids,
            "doc_model": cases._name,
            "docs": cases,
            "files": files,
        }

    @api.model
    def _case_file(self, case):
        env = self.env
        statement = case._statement()
        currency = case.currency_id
        company = case.company_id
        letter = env["report.account_recouvrement_base.report_recouvrement_letter"]
        procedures = dict(case._fields["procedure"]._description_selection(env))
        today = format_date(env, statement["date"], date_format="long")
        return {
            "statement": statement,
            "currency": currency,
            "communications": case._sent_communications(),
            "pieces": case._case_file_pieces(),
            "texts": {
                "date": env._("%(city)s, %(date)s", city=company.city, date=today)
                if company.city
                else today,
                "procedure": procedures.get(case.procedure, ""),
                "intro": Markup(
                    env._(
                        "Statement of the claim of %(creditor)s against %(debtor)s "
                        "on %(date)s: %(balance)s remain due."
                    )
                )
                % {
                    "creditor": _strong(company.name),
                    "debtor": _strong(case.partner_id.name),
                    "date": format_date(env, statement["date"]),
                    "balance": _strong(
                        format_amount(env, statement["balance"], currency)
                    ),
                },
                "imputation": env._(
                    "The %(paid)s received since the case was opened are imputed "
                    "first on the interest (%(on_interest)s), then on the "
                    "principal (%(on_principal)s), article 1343-1 of the French "
                    "Civil Code.",
                    paid=format_amount(env, statement["recovered"], currency),
                    on_interest=format_amount(
                        env, statement["imputation"].interest_paid, currency
                    ),
                    on_principal=format_amount(
                        env, statement["imputation"].principal_paid, currency
                    ),
                )
                if statement["recovered"]
                else "",
                "interest_until": env._(
                    "Late interest is counted up to %(date)s.",
                    date=format_date(env, statement["date"]),
                ),
                "creditor": letter._creditor_identity(env, company),
                "debtor_id": env._(
                    "SIREN %(siren)s",
                    siren=(case.partner_id.company_registry or "")[:9],
                )
                if case.partner_id.company_registry
                else "",
                "prescription": env._(
                    "Prescription: %(date)s (restarted from the filing of the claim, "
                    "article 2241 of the French Civil Code).",
                    date=format_date(env, case.prescription_date),
                )
                if case.prescription_date and case.date_filed
                else "",
            },
        }

    @api.model
    def _channels(self, comm):
        channels = []
        if comm.use_registered:
            channels.append(self.env._("registered letter"))
        if comm.use_letter:
            channels.append(self.env._("letter"))
        if comm.use_email:
            channels.append(self.env._("email"))
        if comm.use_phone:
            channels.append(self.env._("phone"))
        return ", ".join(channels)

    @api.model
    def _sent_on(self, comm):
        return (
            comm.sent_date
            and fields.Datetime.context_timestamp(comm, comm.sent_date).date()
        )
