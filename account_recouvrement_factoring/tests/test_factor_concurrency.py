"""Two users confirm the same factoring batch at the same moment.

Two real transactions on two connections to the database (a test's own
transaction cannot see rows that another connection holds, nor hold a row
against it): the data is committed on the database's main company (French
chart) for both to see, and deleted afterwards, whatever happens."""

from odoo import Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFactorConfirmRace(TransactionCase):
    def setUp(self):
        super().setUp()
        self.company = self.env.ref("base.main_company")
        if self.company.chart_template != "fr":
            self.skipTest("the database's main company has no French chart")
        self.admin = self.env.ref("base.user_admin")
        self.created = {}
        # committed in a connection of its own, deleted by the cleanup
        self.addCleanup(self._delete_committed)
        with self.registry.cursor() as cr:
            cr.execute("SELECT coalesce(max(id), 0) FROM account_move")
            self.last_move_id = cr.fetchone()[0]
            env = api.Environment(
                cr, self.admin.id, {"allowed_company_ids": self.company.ids}
            )
            self._make_batch(env)
            cr.commit()  # pylint: disable=invalid-commit  # seen by a 2nd connection

    def _make_batch(self, env):
        Account = env["account.account"]
        factor_account = Account.create(
            {"code": "467990", "name": "Race factor", "account_type": "asset_current"}
        )
        reserve_account = Account.create(
            {
                "code": "467991",
                "name": "Race factor - reserve",
                "account_type": "asset_current",
            }
        )
        factor = env["res.partner"].create({"name": "Race Factor", "is_company": True})
        journal = env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "general")], limit=1
        )
        contract = env["recouvrement.factor.contract"].create(
            {
                "name": "Race contract",
                "factor_partner_id": factor.id,
                "client_code": "RACE01",
                "file_format": "bpce",
                "journal_id": journal.id,
                "factor_account_id": factor_account.id,
                "reserve_account_id": reserve_account.id,
                "commission_rate": 0.5,
                "reserve_rate": 10.0,
            }
        )
        customer = env["res.partner"].create(
            {
                "name": "Quincaillerie Race",
                "is_company": True,
                "country_id": env.ref("base.fr").id,
                "company_registry": "73282932000074",
                "recouvrement_factor_contract_id": contract.id,
            }
        )
        today = fields.Date.context_today(env.user)
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Prestation",
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        batch = env["recouvrement.factor.batch"].create(
            {
                "contract_id": contract.id,
                "date": today,
                "move_ids": [Command.set(invoice.ids)],
            }
        )
        self.created = {
            "accounts": (factor_account | reserve_account).ids,
            "partners": (factor | customer).ids,
            "contract": contract.id,
            "batch": batch.id,
            "invoice": invoice.id,
        }

    def _delete_committed(self):
        """Everything the setup and the winner committed, by SQL (posted
        entries cannot be deleted through the ORM)."""
        if not self.created:
            return
        with self.registry.cursor() as cr:
            batch, contract = self.created["batch"], self.created["contract"]
            cr.execute(
                "SELECT id FROM account_move WHERE id > %s", (self.last_move_id,)
            )
            move_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            records = [
                ("recouvrement.factor.batch", (batch,)),
                ("recouvrement.factor.contract", (contract,)),
                ("account.move", move_ids),
                ("res.partner", tuple(self.created["partners"])),
            ]
            for model, ids in records:
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                    (model, ids),
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                    (model, ids),
                )
                cr.execute(
                    "DELETE FROM ir_attachment WHERE res_model = %s AND res_id IN %s",
                    (model, ids),
                )
            cr.execute(
                "DELETE FROM recouvrement_exclusion WHERE move_id IN %s", (move_ids,)
            )
            cr.execute(
                "UPDATE account_move SET recouvrement_factor_batch_id = NULL "
                "WHERE id IN %s",
                (move_ids,),
            )
            cr.execute("DELETE FROM recouvrement_factor_batch WHERE id = %s", (batch,))
            cr.execute(
                "DELETE FROM account_partial_reconcile WHERE debit_move_id IN "
                "(SELECT id FROM account_move_line WHERE move_id IN %(moves)s) OR "
                "credit_move_id IN "
                "(SELECT id FROM account_move_line WHERE move_id IN %(moves)s)",
                {"moves": move_ids},
            )
            cr.execute(
                "UPDATE account_move_line SET full_reconcile_id = NULL "
                "WHERE move_id IN %s",
                (move_ids,),
            )
            cr.execute(
                "DELETE FROM account_full_reconcile WHERE id NOT IN "
                "(SELECT full_reconcile_id FROM account_move_line "
                "WHERE full_reconcile_id IS NOT NULL)"
            )
            cr.execute("DELETE FROM account_move WHERE id IN %s", (move_ids,))
            cr.execute(
                "DELETE FROM recouvrement_factor_contract WHERE id = %s", (contract,)
            )
            cr.execute(
                "DELETE FROM res_partner WHERE id IN %s",
                (tuple(self.created["partners"]),),
            )
            cr.execute(
                "DELETE FROM account_account WHERE id IN %s",
                (tuple(self.created["accounts"]),),
            )
            cr.commit()  # pylint: disable=invalid-commit  # the cleanup

    def _env(self, cr):
        return api.Environment(
            cr, self.admin.id, {"allowed_company_ids": self.company.ids}
        )

    def _transfer_entries(self, env):
        batch = env["recouvrement.factor.batch"].browse(self.created["batch"])
        return env["account.move"].search_count(
            [
                ("journal_id", "=", batch.contract_id.journal_id.id),
                ("ref", "like", batch.name),
            ]
        )

    def test_two_users_confirming_at_once_one_wins(self):
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            # without its lock, the second would wait for the first's rows:
            # fail then rather than hang
            second_cr.execute("SET lock_timeout = '5s'")
            first = self._env(first_cr)["recouvrement.factor.batch"].browse(
                self.created["batch"]
            )
            second = self._env(second_cr)["recouvrement.factor.batch"].browse(
                self.created["batch"]
            )
            # the first user's confirmation is under way (not committed yet)
            first.action_confirm()
            self.assertEqual(first.state, "accounted")
            # the second is told at once, without waiting, and posts nothing
            with self.assertRaisesRegex(UserError, "Someone else is confirming"):
                second.action_confirm()
            self.assertEqual(self._transfer_entries(second.env), 0)
            second_cr.rollback()
            first_cr.commit()
        # one transfer entry, the batch accounted once
        with self.registry.cursor() as cr:
            env = self._env(cr)
            batch = env["recouvrement.factor.batch"].browse(self.created["batch"])
            self.assertEqual(batch.state, "accounted")
            self.assertEqual(self._transfer_entries(env), 1)
            invoice = env["account.move"].browse(self.created["invoice"])
            self.assertEqual(invoice.payment_state, "paid")
            # the second user, trying again, finds it done
            with self.assertRaisesRegex(UserError, "is Accounted"):
                batch.action_confirm()
            self.assertEqual(self._transfer_entries(env), 1)

    def test_two_users_recording_the_payment_to_the_factor_one_wins(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["recouvrement.factor.batch"].browse(
                self.created["batch"]
            ).action_confirm()
            cr.commit()  # pylint: disable=invalid-commit  # seen by 2 connections
        with self.registry.cursor() as first_cr, self.registry.cursor() as second_cr:
            second_cr.execute("SET lock_timeout = '5s'")
            first = self._env(first_cr)["account.move"].browse(self.created["invoice"])
            second = self._env(second_cr)["account.move"].browse(
                self.created["invoice"]
            )
            today = fields.Date.context_today(first.env.user)
            # the first user's recording is under way (not committed yet)
            first._recouvrement_factor_paid(today)
            # the second is told at once, without waiting, and writes nothing
            with self.assertRaisesRegex(UserError, "Someone else is recording"):
                second._recouvrement_factor_paid(today)
            second_cr.rollback()
            first_cr.commit()
        with self.registry.cursor() as cr:
            invoice = self._env(cr)["account.move"].browse(self.created["invoice"])
            self.assertEqual(
                invoice.recouvrement_factor_paid_date,
                fields.Date.context_today(invoice.env.user),
            )
            # the second user, trying again, finds it recorded
            with self.assertRaisesRegex(UserError, "already paid to the factor"):
                invoice._recouvrement_factor_paid(invoice.recouvrement_factor_paid_date)
