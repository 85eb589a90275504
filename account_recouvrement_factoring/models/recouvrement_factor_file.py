from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import factor_file


class RecouvrementFactorFile(models.AbstractModel):
    """The factor's file of a batch: its documents and header read from the
    ledger in a few queries, checked and laid out by ``lib.factor_file``."""

    _name = "recouvrement.factor.file"
    _description = "Factor's File"

    def _ledger_total(self, batch):
        """What the documents' receivable lines still carry in the ledger, in
        the contract's currency (one query)."""
        batch.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(SUM(aml.amount_residual_currency), 0)
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE am.recouvrement_factor_batch_id = %(batch)s
                   AND aml.display_type = 'payment_term'
                """,
                batch=batch.id,
            )
        )
        return self.env.cr.fetchone()[0]

    def _documents(self, batch):
        """The documents as plain dicts for ``lib.factor_file``."""
        batch.ensure_one()
        moves = batch.move_ids.sorted(lambda m: (m.invoice_date, m.name, m.id))
        moves.fetch(
            [
                "name",
                "move_type",
                "invoice_date",
                "invoice_date_due",
                "amount_total",
                "reversed_entry_id",
                "commercial_partner_id",
            ]
        )
        france = self.env["res.company"]._get_france_country_codes()
        documents = []
        for move in moves:
            partner = move.commercial_partner_id
            documents.append(
                {
                    "number": move.name,
                    "kind": "credit_note"
                    if move.move_type == "out_refund"
                    else "invoice",
                    "invoice_date": move.invoice_date,
                    "due_date": move.invoice_date_due or move.invoice_date,
                    "amount": move.amount_total,
                    "origin": move.reversed_entry_id.name or "",
                    "partner_name": partner.name or "",
                    "partner_ref": partner.ref or str(partner.id),
                    "siret": partner._get_siret() or "",
                    "siren": partner._get_siren() or "",
                    "foreign": bool(partner.country_id)
                    and partner.country_id.code not in france,
                }
            )
        return documents

    def _header(self, batch):
        batch.ensure_one()
        contract = batch.contract_id
        return {
            "client_code": contract.client_code,
            "reference": batch.name,
            "date": batch.date,
            "currency": batch.currency_id.name,
            "decimals": batch.currency_id.decimal_places,
            "company_name": batch.company_id.name,
        }

    def _render(self, batch):
        """The file's bytes, or one error listing every faulty document."""
        batch.ensure_one()
        if not batch.move_ids:
            raise UserError(
                self.env._(
                    "The factoring batch %(batch)s has no documents.", batch=batch.name
                )
            )
        header = self._header(batch)
        documents = self._documents(batch)
        fmt = batch.contract_id.file_format
        errors = factor_file.check(fmt, header, documents)
        ledger = self._ledger_total(batch)
        total = factor_file.net_total(header, documents)
        if factor_file.to_cents(ledger, header["decimals"]) != total:
            errors.append(
                factor_file.FileError(
                    "",
                    self.env._(
                        "the documents add up to %(file)s but their receivable "
                        "lines carry %(ledger)s in the ledger",
                        file=factor_file.format_cents(total, header["decimals"]),
                        ledger=factor_file.format_cents(
                            factor_file.to_cents(ledger, header["decimals"]),
                            header["decimals"],
                        ),
                    ),
                )
            )
        if errors:
            raise UserError(
                self.env._(
                    "The file of %(batch)s for %(factor)s cannot be written:\n"
                    "%(errors)s",
                    batch=batch.name,
                    factor=batch.contract_id.factor_partner_id.name,
                    errors="\n".join(
                        f"{error.document}: {self._error_text(error)}"
                        if error.document
                        else self._error_text(error)
                        for error in errors
                    ),
                )
            )
        return factor_file.render(fmt, header, documents)

    def _error_text(self, error):
        messages = {
            "siret": self.env._("the customer has no valid SIRET"),
            "siren": self.env._("the customer has no valid SIREN or SIRET"),
            "origin": self.env._("credit note without the invoice it credits"),
            "encoding": self.env._(
                "a name or number the factor's file cannot encode (%(text)s)",
                text=error.detail,
            ),
            "number": self.env._("document number longer than the field"),
        }
        return messages.get(error.code, error.code)

    def _file_name(self, batch):
        extension = factor_file.EXTENSIONS[batch.contract_id.file_format]
        return f"{batch.name.replace('/', '-')}.{extension}"
