from odoo import api, fields, models

OPEN_PAYMENT_STATES = ("not_paid", "partial")


class RecouvrementInvoiceSelection(models.AbstractModel):
    """What a wizard opened on invoices, a reminder or a customer starts
    from: the customer's overdue invoices in one currency (the plan and the
    litigation case wizards)."""

    _name = "recouvrement.invoice.selection"
    _description = "Invoices selected for a payment plan or a litigation case"

    @api.model
    def _selected_invoices(self):
        """(invoices, customer, currency) of the record the wizard was opened
        on: the invoices selected (one invoice brings the customer's other
        overdue ones), a reminder's open invoices, or a customer's overdue
        invoices in the company's currency."""
        context = self.env.context
        active_model = context.get("active_model")
        active_ids = context.get("active_ids") or (
            [context["active_id"]] if context.get("active_id") else []
        )
        moves = self.env["account.move"]
        partner = self.env["res.partner"]
        currency = self.env["res.currency"]
        if active_model == "account.move":
            moves = moves.browse(active_ids)
            partner = moves.commercial_partner_id[:1]
            currency = moves.currency_id[:1]
            if len(moves) == 1:
                # from one invoice: the customer's other overdue invoices too
                moves |= self._overdue_moves(partner, currency, moves.company_id)
        elif active_model == "recouvrement.communication":
            comm = self.env["recouvrement.communication"].browse(active_ids[:1])
            moves = comm._get_open_lines().move_id if comm else moves
            partner, currency = comm.partner_id, comm.currency_id
        elif active_model == "res.partner":
            partner = partner.browse(active_ids[:1]).commercial_partner_id
            currency = self.env.company.currency_id
            moves = self._overdue_moves(partner, currency, self.env.company)
        return moves, partner, currency

    @api.model
    def _open_domain(self, partner, currency, company):
        """The customer's posted invoices still to be paid; each addon
        leaves out those its records hold (``super()``)."""
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("commercial_partner_id", "=", partner.id),
            ("currency_id", "=", currency.id),
            ("company_id", "=", company.id),
            ("payment_state", "in", OPEN_PAYMENT_STATES),
        ]

    @api.model
    def _overdue_moves(self, partner, currency, company):
        if not (partner and currency and company):
            return self.env["account.move"]
        return self.env["account.move"].search(
            [
                *self._open_domain(partner, currency, company),
                ("recouvrement_is_charge", "=", False),
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            ],
            order="invoice_date_due, name",
        )
