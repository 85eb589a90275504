from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.account_recouvrement_base.models.recouvrement_bulk import (
    BULK_INSERT_PARAM,
    KNOWN_CREATE_OVERRIDES,
    MAGIC_COLUMNS,
    MAIL_QUIET_CONTEXT,
)

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestBulkInsert(RecouvrementCommon):
    """The run's bulk insert stores what ``create`` would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._post_invoice(amount=1200.0)
        cls.invoice_2 = cls._post_invoice(amount=80.0, due=date(2026, 2, 20))
        cls.bulk = cls.env["recouvrement.bulk"]

    def _comm_vals(self, name):
        return {
            "name": name,
            # the conversions of create: a date as text, an unrounded amount,
            # a false boolean and a false many2one
            "date": "2026-03-14",
            "company_id": self.company.id,
            "partner_id": self.customer.id,
            "user_id": False,
            "policy_id": self.policy.id,
            "level_id": self.level_first.id,
            "currency_id": self.company.currency_id.id,
            "state": "to_review",
            "use_email": True,
            "use_letter": False,
            "use_registered": False,
            "use_phone": False,
            "note": "Relance « test »",
            # the stored sums of the lines, none yet
            "amount_residual": 0.0,
            "amount_overdue": 0.0,
            "max_days_late": 0,
        }

    def _line_vals(self, comm):
        return [
            {
                "communication_id": comm.id,
                "move_id": move.id,
                "level_id": self.level_first.id,
                "previous_level_id": False,
                "raises_level": raises,
                "currency_id": self.company.currency_id.id,
                "invoice_date": move.invoice_date,
                "date_due": move.invoice_date_due,
                "days_late": days,
                "amount_total": move.amount_total,
                "amount_residual": amount,
                "amount_overdue": amount,
                "company_id": comm.company_id.id,
                "partner_id": comm.partner_id.id,
                "date": comm.date,
                "state": comm.state,
            }
            for move, raises, days, amount in (
                (self.invoice, True, 12, 1200.004999),
                (self.invoice_2, False, 22, 80.004),
            )
        ]

    def _stored_row(self, record, skip=()):
        """Every stored column of ``record`` as PostgreSQL holds it."""
        self.env.flush_all()
        columns = [
            name
            for name, field in record._fields.items()
            if field.store
            and field.column_type
            and name not in MAGIC_COLUMNS
            and name not in skip
        ]
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM %s WHERE id = %s",
                SQL(", ").join(SQL.identifier(name) for name in columns),
                SQL.identifier(record._table),
                record.id,
            )
        )
        return dict(zip(columns, self.env.cr.fetchone(), strict=True))

    def test_parity_with_create(self):
        """The same values through the bulk insert and through ``create``
        (without the chatter, as the run does) are stored alike, field by
        field, for the communication and for its lines."""
        Comm = self.env["recouvrement.communication"]
        Line = self.env["recouvrement.communication.line"]
        bulk_comm = self.bulk._insert_records(Comm, [self._comm_vals("REL/T/1")])
        orm_comm = Comm.with_context(**MAIL_QUIET_CONTEXT).create(
            [self._comm_vals("REL/T/2")]
        )
        bulk_row = self._stored_row(bulk_comm, skip={"name"})
        self.assertEqual(bulk_row, self._stored_row(orm_comm, skip={"name"}))
        self.assertEqual(bulk_row["date"], date(2026, 3, 14))
        self.assertIsNone(bulk_row["user_id"])

        bulk_lines = self.bulk._insert_records(Line, self._line_vals(bulk_comm))
        orm_lines = Line.with_context(**MAIL_QUIET_CONTEXT).create(
            self._line_vals(orm_comm)
        )
        for bulk_line, orm_line in zip(bulk_lines, orm_lines, strict=True):
            self.assertEqual(
                self._stored_row(bulk_line, skip={"communication_id"}),
                self._stored_row(orm_line, skip={"communication_id"}),
            )
        self.assertEqual(
            sorted(map(str, bulk_lines.mapped("amount_residual"))), ["1200.0", "80.0"]
        )
        self.assertEqual(
            self._stored_row(bulk_comm, skip={"name"}),
            self._stored_row(orm_comm, skip={"name"}),
        )
        self.assertEqual(bulk_comm.amount_residual, 1280.0)
        self.assertEqual(bulk_lines.communication_id, bulk_comm)
        self.assertEqual(bulk_comm.line_ids, bulk_lines)
        self.assertEqual(
            self.invoice.recouvrement_line_ids,
            (bulk_lines | orm_lines).filtered(
                lambda line: line.move_id == self.invoice
            ),
        )

    def test_dependent_stored_fields_are_recomputed(self):
        """Lines inserted under a communication recompute its stored sums
        (``modified(create=True)``), as ``create`` would."""
        Comm = self.env["recouvrement.communication"]
        vals = self._comm_vals("REL/T/3")
        comm = self.bulk._insert_records(Comm, [vals])
        self.assertEqual(comm.amount_residual, 0.0)
        self.bulk._insert_records(
            self.env["recouvrement.communication.line"], self._line_vals(comm)
        )
        self.env.flush_all()
        self.assertEqual(comm.amount_residual, 1280.0)
        self.assertEqual(self._stored_row(comm)["amount_overdue"], 1280.0)

    def test_record_rules_apply(self):
        """A user who may not see another company cannot insert in it:
        refused, and nothing is stored."""
        other = self.setup_other_company()["company"]
        user = self.env.user
        user.write({"company_ids": [(6, 0, self.company.ids)]})
        self.env.invalidate_all()
        vals = dict(self._comm_vals("REL/T/4"), company_id=other.id)
        Comm = self.env["recouvrement.communication"].with_user(user)
        with self.assertRefused(AccessError):
            self.bulk.with_user(user)._insert_records(Comm, [vals])
        self.assertFalse(Comm.sudo().search([("name", "=", "REL/T/4")]))

    def test_create_overrides_are_known(self):
        """The bulk insert stands in for ``create``: a new override of it on
        these models is a behaviour the bulk insert skips. This test fails
        until KNOWN_CREATE_OVERRIDES (and the bulk insert) is reviewed."""
        for model_name, known in KNOWN_CREATE_OVERRIDES.items():
            found = {
                (klass.__module__, klass.__name__)
                for klass in type(self.env[model_name]).__mro__
                if "create" in vars(klass)
                and klass.__module__.startswith("odoo.addons.")
            }
            self.assertEqual(found, known, f"create overrides of {model_name}")

    def test_orm_mode_by_system_parameter(self):
        """``account_recouvrement.bulk_insert = False`` makes the run create
        its history with the ORM: same communications, same lines."""
        self.levels.write({"review_needed": True})
        bulk_comm = self._run(date(2026, 3, 14))
        bulk_row = self._stored_row(bulk_comm, skip={"name"})
        bulk_lines = [
            self._stored_row(line, skip={"communication_id"})
            for line in bulk_comm.line_ids.sorted("move_id")
        ]
        bulk_comm.action_cancel()
        self.env["ir.config_parameter"].sudo().set_param(BULK_INSERT_PARAM, "False")
        Comm = self.env.registry["recouvrement.communication"]
        created = []
        original = Comm.create

        def create(records, vals_list):
            created.append(len(vals_list))
            return original(records, vals_list)

        with patch.object(Comm, "create", create):
            orm_comm = self._run(date(2026, 3, 15))
        self.assertEqual(created, [1])
        self.assertEqual(len(orm_comm), 1)
        self.assertNotEqual(orm_comm.run_log_id, bulk_comm.run_log_id)
        expected = dict(
            bulk_row,
            date=date(2026, 3, 15),
            max_days_late=23,
            run_log_id=orm_comm.run_log_id.id,
        )
        self.assertEqual(self._stored_row(orm_comm, skip={"name"}), expected)
        self.assertEqual(
            [
                self._stored_row(line, skip={"communication_id"})
                for line in orm_comm.line_ids.sorted("move_id")
            ],
            [
                dict(line, date=date(2026, 3, 15), days_late=line["days_late"] + 1)
                for line in bulk_lines
            ],
        )
        self.assertFalse(orm_comm.message_ids, "no creation message")
