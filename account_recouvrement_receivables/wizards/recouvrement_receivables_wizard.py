from datetime import timedelta

from odoo import api, fields, models

from ..models.recouvrement_receivable_report import DEFAULT_PERIOD_DAYS, REPORT_XMLID


class RecouvrementReceivablesWizard(models.TransientModel):
    """Choose the date and the filters of the outstanding receivables
    workbook; shows the collection KPIs before the export."""

    _name = "recouvrement.receivables.wizard"
    _description = "Outstanding receivables export"
    _check_company_auto = True

    date = fields.Date(
        string="Situation date",
        required=True,
        default=fields.Date.context_today,
        help="The receivables as the ledger showed them on that day: payments "
        "made later are ignored.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Customers",
        help="Only these customers (all when empty).",
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        string="Salespeople",
        help="Only the invoices of these salespeople (all when empty).",
    )
    level_ids = fields.Many2many(
        comodel_name="recouvrement.level",
        string="Dunning levels",
        check_company=True,
        help="Only the invoices currently at these levels (all when empty).",
    )
    date_from = fields.Date(
        string="KPI period from",
        compute="_compute_period",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    date_to = fields.Date(
        string="KPI period to",
        compute="_compute_period",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    kpi_total = fields.Monetary(
        string="Receivables",
        currency_field="currency_id",
        compute="_compute_kpis",
    )
    kpi_overdue = fields.Monetary(
        string="Overdue",
        currency_field="currency_id",
        compute="_compute_kpis",
    )
    kpi_overdue_ratio = fields.Float(
        string="Overdue ratio (%)",
        digits=(16, 1),
        compute="_compute_kpis",
    )
    kpi_dso = fields.Float(
        string="DSO (days)",
        digits=(16, 1),
        compute="_compute_kpis",
        help="Days sales outstanding, accounting method: receivables at the end "
        "of the period / sales incl. VAT of the period × days of the period.",
    )
    kpi_recovery_rate = fields.Float(
        string="Recovery rate (%)",
        digits=(16, 1),
        compute="_compute_kpis",
        help="Payments received over the period / (receivables at its start + "
        "sales of the period). Credit notes and write-offs are not collections.",
    )
    kpi_cei = fields.Float(
        string="CEI (%)",
        digits=(16, 1),
        compute="_compute_kpis",
        help="Collection effectiveness index: (opening receivables + sales − "
        "closing receivables) / (opening receivables + sales − closing current "
        "receivables).",
    )
    kpi_message = fields.Char(
        string="Message",
        compute="_compute_kpis",
    )

    @api.depends("date")
    def _compute_period(self):
        for wizard in self:
            end = wizard.date or fields.Date.context_today(wizard)
            wizard.date_to = end
            wizard.date_from = end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)

    def _get_report_options(self):
        self.ensure_one()
        return {
            "date": self.date,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "company_id": self.company_id.id,
            "partner_ids": self.partner_ids.ids,
            "user_ids": self.user_ids.ids,
            "level_ids": self.level_ids.ids,
        }

    @api.depends(
        "date",
        "date_from",
        "date_to",
        "company_id",
        "partner_ids",
        "user_ids",
        "level_ids",
    )
    def _compute_kpis(self):
        report = self.env["recouvrement.receivable.report"]
        today = fields.Date.context_today(self)
        for wizard in self:
            values = dict.fromkeys(
                ("total", "overdue", "overdue_ratio", "dso", "recovery_rate", "cei"),
                0.0,
            )
            message = False
            if not (
                wizard.date
                and wizard.date_from
                and wizard.date_to
                and wizard.company_id
            ):
                message = self.env._("Choose the dates and the company.")
            elif (
                max(wizard.date, wizard.date_to) > today
                or wizard.date_from > wizard.date_to
            ):
                message = self.env._("The dates are not valid.")
            else:
                kpis = report._get_kpis(
                    report._normalize_options(wizard._get_report_options())
                )
                values.update({key: kpis[key] or 0.0 for key in values})
            wizard.kpi_total = values["total"]
            wizard.kpi_overdue = values["overdue"]
            wizard.kpi_overdue_ratio = values["overdue_ratio"]
            wizard.kpi_dso = values["dso"]
            wizard.kpi_recovery_rate = values["recovery_rate"]
            wizard.kpi_cei = values["cei"]
            wizard.kpi_message = message

    def action_export(self):
        """Download the workbook (the options are checked first, so that a
        wrong date gives a clear message instead of a failed download)."""
        self.ensure_one()
        options = self._get_report_options()
        report = self.env["recouvrement.receivable.report"]
        report._normalize_options(options)
        return self.env.ref(REPORT_XMLID).report_action(
            [],
            data={"receivables_options": report._serialize_options(options)},
            config=False,
        )
