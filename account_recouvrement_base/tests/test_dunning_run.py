import time
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import sql

from odoo import Command
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import tagged

from odoo.addons.account_recouvrement_base.lib.bulk import array_literal

from .common import RecouvrementCommon

Comm = "recouvrement.communication"


@tagged("post_install", "-at_install")
class TestDunningRun(RecouvrementCommon):
    def _comms(self, partner=None):
        return self.env[Comm].search(
            [("partner_id", "=", (partner or self.customer).id)], order="id"
        )

    def test_invoice_climbs_the_levels(self):
        """60+ days of an unpaid invoice: courtesy reminder, two reminders, then
        the formal notice, each at its delay and on its channels."""
        invoice = self._post_invoice(amount=1200.0)

        # too early for anything
        self.assertFalse(self._run(date(2026, 2, 20)))

        # J-3: courtesy reminder, automatic, by email
        comm = self._run(date(2026, 2, 27))
        self.assertEqual(comm.level_id, self.level_courtesy)
        self.assertEqual(comm.state, "sent")
        self.assertTrue(comm.mail_id, "the email is in the mail queue")
        self.assertEqual(comm.mail_id.recipient_ids, self.customer)
        self.assertEqual(invoice.recouvrement_level_id, self.level_courtesy)
        self.assertEqual(invoice.recouvrement_last_date, date(2026, 2, 27))

        # nothing more until J+10
        self.assertFalse(self._run(date(2026, 3, 5)))

        # J+10: first reminder, automatic
        comm = self._run(date(2026, 3, 12))
        self.assertEqual(comm.level_id, self.level_first)
        self.assertEqual(comm.state, "sent")
        self.assertEqual(comm.line_ids.days_late, 10)
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)

        # J+25: second reminder waits for review; level unchanged until sent
        comm = self._run(date(2026, 3, 27))
        self.assertEqual(comm.level_id, self.level_second)
        self.assertEqual(comm.state, "to_review")
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)
        # the next day's run leaves it alone: it is still pending
        self.assertFalse(self._run(date(2026, 3, 28)))
        comm.action_send()
        self.assertEqual(comm.state, "sent")
        self.assertTrue(comm.letter_attachment_id, "a printed letter is attached")
        self.assertTrue(comm.mail_id, "and an email is queued")
        # the email carries the letter in its body: its PDF goes by post only
        self.assertNotIn(comm.letter_attachment_id, comm.mail_id.attachment_ids)
        self.assertEqual(invoice.recouvrement_level_id, self.level_second)

        # J+40: formal notice by registered letter
        comm = self._run(date(2026, 4, 11))
        self.assertEqual(comm.level_id, self.level_notice)
        self.assertTrue(comm.is_formal_notice)
        self.assertTrue(comm.use_registered)
        self._send(comm, date(2026, 4, 11))
        self.assertEqual(comm.state, "sent")
        self.assertTrue(comm.letter_attachment_id)
        self.assertFalse(comm.mail_id, "a registered letter only, no email")
        self.assertEqual(invoice.recouvrement_level_id, self.level_notice)

        # J+60: the invoice stays at the last level; only the charges invoice
        # billed with the formal notice (due 8 days later) gets its first reminder
        comm = self._run(date(2026, 5, 1))
        charges_invoice = invoice.recouvrement_charge_ids.charge_move_id
        self.assertTrue(charges_invoice)
        self.assertEqual(
            comm.line_ids.filtered("raises_level").move_id, charges_invoice
        )
        self.assertEqual(invoice.recouvrement_level_id, self.level_notice)
        self.assertEqual(len(self._comms()), 5)
        self.assertEqual(invoice.recouvrement_communication_count, 5)
        # one chatter message per communication on the invoice
        messages = invoice.message_ids.filtered(lambda m: "REL/" in (m.body or ""))
        self.assertEqual(len(messages), 5)

    def test_late_invoice_skips_courtesy_and_climbs_one_level_at_a_time(self):
        invoice = self._post_invoice()
        comm = self._run(date(2026, 4, 30))  # 59 days late, never reminded
        self.assertEqual(comm.level_id, self.level_first)
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)
        # minimum interval of the second level (10 days) not yet reached
        self.assertFalse(self._run(date(2026, 5, 5)))
        comm = self._run(date(2026, 5, 10))
        self.assertEqual(comm.level_id, self.level_second)

    def test_same_day_rerun_creates_nothing(self):
        self._post_invoice()
        first = self._run(date(2026, 3, 12))
        self.assertEqual(len(first), 1)
        self.assertFalse(self._run(date(2026, 3, 12)))
        # even if the communication was cancelled in between
        self.assertEqual(len(self._comms()), 1)

    def test_one_communication_per_customer_grouping_invoices(self):
        inv1 = self._post_invoice(amount=100.0, due=date(2026, 3, 2))
        inv2 = self._post_invoice(amount=200.0, due=date(2026, 2, 20))
        other = self._post_invoice(partner=self.customer_2, amount=300.0)
        comms = self._run(date(2026, 3, 14))
        self.assertEqual(len(comms), 2)
        mine = comms.filtered(lambda c: c.partner_id == self.customer)
        self.assertEqual(mine.line_ids.move_id, inv1 | inv2)
        self.assertEqual(mine.amount_residual, 300.0)
        self.assertEqual(mine.max_days_late, 22)
        self.assertEqual(
            comms.filtered(lambda c: c.partner_id == self.customer_2).move_ids, other
        )

    def test_partial_payment_lowers_amounts(self):
        invoice = self._post_invoice(amount=1000.0)
        comm = self._run(date(2026, 3, 27))  # review level? no: first level
        self.assertEqual(comm.amount_residual, 1000.0)
        comm = self._run(date(2026, 4, 10))
        self.assertEqual(comm.level_id, self.level_second)
        self.assertEqual(comm.state, "to_review")
        self._pay(invoice, 400.0, date(2026, 4, 11))
        comm.action_send()
        self.assertEqual(comm.line_ids.amount_residual, 600.0)
        self.assertEqual(comm.amount_residual, 600.0)

    def test_full_payment_leaves_dunning(self):
        invoice = self._post_invoice(amount=500.0)
        self._run(date(2026, 3, 12))
        self.assertEqual(invoice.recouvrement_level_id, self.level_first)
        comm = self._run(date(2026, 3, 27))
        self._pay(invoice, 500.0, date(2026, 3, 28))
        self.assertFalse(self._run(date(2026, 4, 20)))
        self.assertFalse(invoice.recouvrement_level_id, "a paid invoice has no level")
        self.assertEqual(comm.state, "cancelled", "the pending reminder was withdrawn")
        self.assertFalse(invoice.recouvrement_next_date)

    def test_tolerance_stops_chasing_cents(self):
        invoice = self._post_invoice(amount=100.0)
        self._pay(invoice, 99.5, date(2026, 3, 1))
        self.assertFalse(self._run(date(2026, 3, 12)))
        self.policy.tolerance_amount = 0.1
        self.assertEqual(self._run(date(2026, 3, 12)).amount_residual, 0.5)

    def test_excluded_invoice_is_not_chased(self):
        invoice = self._post_invoice()
        self._run(date(2026, 3, 12))
        invoice._recouvrement_exclude("Litige sur la livraison")
        self.assertTrue(invoice.recouvrement_excluded)
        self.assertFalse(invoice.recouvrement_level_id, "exclusion resets the level")
        self.assertFalse(self._run(date(2026, 3, 27)))
        invoice._recouvrement_include(source="manual")
        self.assertFalse(invoice.recouvrement_excluded)
        self.assertEqual(self._run(date(2026, 3, 28)).level_id, self.level_first)
        self.assertEqual(
            len(invoice.recouvrement_exclusion_ids.with_context(active_test=False)), 1
        )

    def test_exclusion_without_reason(self):
        invoice = self._post_invoice()
        with self.assertRaisesRegex(UserError, "reason"):
            invoice._recouvrement_exclude("  ")
        self.assertFalse(invoice.recouvrement_exclusion_ids)
        wizard = self.env["recouvrement.exclude.wizard"].create(
            {"move_ids": [(6, 0, invoice.ids)], "reason": " "}
        )
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_confirm()
        self.assertFalse(invoice.recouvrement_excluded)

    def test_one_communication_per_currency(self):
        """A customer owing in euros and in dollars gets one reminder per
        currency, amounts in the invoices' currency."""
        usd = self.setup_other_currency("USD")
        eur_invoice = self._post_invoice(amount=100.0)
        usd_invoice = self._post_invoice(amount=300.0, currency=usd)
        comms = self._run(date(2026, 3, 12))
        self.assertEqual(len(comms), 2)
        usd_comm = comms.filtered(lambda comm: comm.currency_id == usd)
        eur_comm = comms - usd_comm
        self.assertEqual(usd_comm.line_ids.move_id, usd_invoice)
        self.assertEqual(usd_comm.line_ids.currency_id, usd)
        self.assertEqual(usd_comm.amount_residual, 300.0)
        self.assertEqual(usd_comm.line_ids.amount_total, 300.0)
        self.assertEqual(eur_comm.currency_id, self.company.currency_id)
        self.assertEqual(eur_comm.line_ids.move_id, eur_invoice)
        self.assertEqual(eur_comm.amount_residual, 100.0)

    def test_each_company_its_own_invoices_and_policies(self):
        """Two companies: each run sees only its invoices, and the customer's
        policy is the one set for that company (company-dependent)."""
        other = self.setup_other_company(name="Filiale Lyon")["company"]
        strict = (
            self.env.ref("account_recouvrement_base.policy_default_fr")
            .sudo()
            .copy({"company_id": other.id, "name": "Politique filiale"})
        )
        other.recouvrement_policy_id = strict
        lenient = self.policy.copy({"name": "Clients fidèles"})
        self.customer.with_company(self.company).recouvrement_policy_id = lenient
        mine = self._post_invoice()
        theirs = (
            self.env["account.move"]
            .with_company(other)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": date(2026, 1, 31),
                    "invoice_date_due": self.due,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Prestation", "quantity": 1, "price_unit": 500.0}
                        )
                    ],
                }
            )
        )
        theirs.action_post()
        self.assertEqual(theirs.company_id, other)
        run = self.env["recouvrement.run"].with_context(tz="UTC")
        with freeze_time(date(2026, 3, 12), tick=True):
            comms = run._run(date=date(2026, 3, 12), companies=self.company | other)
        self.assertEqual(len(comms), 2)
        comm_mine = comms.filtered(lambda comm: comm.company_id == self.company)
        comm_theirs = comms - comm_mine
        self.assertEqual(comm_mine.line_ids.move_id, mine)
        self.assertEqual(comm_mine.policy_id, lenient)
        self.assertEqual(comm_theirs.line_ids.move_id, theirs)
        self.assertEqual(comm_theirs.policy_id, strict)
        self.assertEqual(comm_theirs.line_ids.company_id, other)

    def test_customer_policy_override(self):
        lenient = self.policy.copy({"name": "Clients fidèles"})
        lenient.level_ids.filtered(lambda lvl: lvl.delay_days < 0).unlink()
        self.customer.with_company(self.company).recouvrement_policy_id = lenient
        self._post_invoice()
        self.assertFalse(
            self._run(date(2026, 2, 27)), "no courtesy level in that policy"
        )
        self.assertEqual(self._run(date(2026, 3, 12)).policy_id, lenient)

    def test_two_runs_at_once(self):
        """A second run while one holds the company's lock is refused."""
        self._post_invoice()
        with db_connect(self.env.cr.dbname).cursor() as other_cr:
            other_cr.execute(
                sql.SQL("SELECT pg_advisory_xact_lock(%s, %s)"),
                (0x7265636F, self.company.id),
            )
            with self.assertRaisesRegex(UserError, "already in progress"):
                self._run(date(2026, 3, 12))
        self.assertFalse(self._comms())

    def test_crash_leaves_no_half_made_communication(self):
        """The communications are inserted, then the lines fail: nothing of
        the run is left, and the same day's run starts again cleanly."""
        self._post_invoice()
        Bulk = self.env.registry["recouvrement.bulk"]
        insert = Bulk._insert_records

        def insert_but_lines(bulk, model, vals_list):
            if model._name == "recouvrement.communication.line":
                raise RuntimeError("disk full")
            return insert(bulk, model, vals_list)

        with (
            patch.object(Bulk, "_insert_records", insert_but_lines),
            self.assertRaises(RuntimeError),
            self.env.cr.savepoint(),
        ):
            self._run(date(2026, 3, 12))
        self.env.invalidate_all()
        self.assertFalse(self._comms(), "no communication without its lines")
        self.assertEqual(len(self._run(date(2026, 3, 12))), 1)

    def test_run_inserts_complete_records(self):
        """The run inserts communications and lines in bulk: what it stores is
        what the ORM would have (stored related fields, amounts summed from
        the lines, references, authors), and the invoices' history sees them."""
        self.levels.write({"review_needed": True})
        inv1 = self._post_invoice(amount=100.0, due=date(2026, 3, 2))
        inv2 = self._post_invoice(amount=250.5, due=date(2026, 2, 20))
        self._pay(inv2, 50.25, date(2026, 3, 1))
        self.assertFalse(inv1.recouvrement_line_ids)  # cached before the run
        comm = self._run(date(2026, 3, 14))
        self.assertEqual(len(comm), 1)
        self.assertRegex(comm.name, r"\d")
        self.assertNotEqual(comm.name, "/")
        self.assertEqual(comm.create_uid, self.env.user)
        self.assertEqual(comm.user_id, self.customer.user_id)
        self.assertEqual(
            inv1.recouvrement_line_ids,
            comm.line_ids.filtered(lambda line: line.move_id == inv1),
        )
        for line in comm.line_ids:
            self.assertEqual(line.company_id, comm.company_id)
            self.assertEqual(line.partner_id, comm.partner_id)
            self.assertEqual(line.date, comm.date)
            self.assertEqual(line.state, "to_review")
            self.assertEqual(line.create_uid, self.env.user)
        self.assertEqual(comm.amount_residual, 300.25)
        self.assertEqual(comm.amount_overdue, 300.25)
        self.assertEqual(comm.max_days_late, 22)
        # the stored amounts are those the computes give
        stored = (comm.amount_residual, comm.amount_overdue, comm.max_days_late)
        comm._compute_amounts()
        self.assertEqual(
            (comm.amount_residual, comm.amount_overdue, comm.max_days_late), stored
        )
        # a state change reaches the lines' stored related state
        comm.action_cancel()
        self.assertEqual(set(comm.line_ids.mapped("state")), {"cancelled"})

    def test_array_literal_reads_back_in_postgresql(self):
        """The text arrays of the bulk insert read back as they were written."""
        texts = ['Société "Dupont"', "c:\\dossier", "a,b", "{x}", "", "NULL", None]
        self.env.cr.execute("SELECT %s::varchar[]", [array_literal(texts)])
        self.assertEqual(self.env.cr.fetchone()[0], texts)
        numbers = [1234.56, 0.1, None, -7.0]
        self.env.cr.execute("SELECT %s::numeric[]", [array_literal(numbers)])
        self.assertEqual(self.env.cr.fetchone()[0], numbers)
        days = [date(2028, 2, 29), None]
        self.env.cr.execute("SELECT %s::date[]", [array_literal(days)])
        self.assertEqual(self.env.cr.fetchone()[0], days)

    def test_run_queries_do_not_grow_with_invoices(self):
        """The run costs the same number of queries for 2 customers as for 12
        with 3 invoices each: no query per invoice nor per customer."""
        self.levels.write({"review_needed": True})

        self._post_invoice()
        self._post_invoice(partner=self.customer_2)
        self._count_run(date(2026, 3, 14))  # fill the registry's caches first
        small, result = self._count_run(date(2026, 3, 14))
        self.assertEqual(result, (2, 2))
        others = self.env["res.partner"].create(
            [{"name": f"Client {index}", "is_company": True} for index in range(10)]
        )
        for partner in others:
            for due in (date(2026, 3, 2), date(2026, 2, 25), date(2026, 3, 1)):
                self._post_invoice(partner=partner, amount=90.0, due=due)
        large, result = self._count_run(date(2026, 3, 14))
        self.assertEqual(result, (12, 32))
        self.assertEqual(large, small)

    def _post_invoices_for(self, count):
        """One posted invoice of 90.00 due on 1 March for ``count`` new
        customers, created and posted at once."""
        partners = self.env["res.partner"].create(
            [{"name": f"Client {index}", "is_company": True} for index in range(count)]
        )
        invoices = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date(2026, 2, 1),
                    "invoice_date_due": date(2026, 3, 1),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation",
                                "quantity": 1,
                                "price_unit": 90.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for partner in partners
            ]
        )
        invoices.action_post()

    def test_run_queries_do_not_grow_past_the_orm_batches(self):
        """The ORM writes 100 records per UPDATE and, its prefetch lowered
        from 1,000 to 50 records for the test, reads 50 per query: the run
        costs the same queries for 60 communications as for 180 (no read nor
        write of every communication through the ORM). Both are past these
        sizes, where the ORM also reads differently (a field alone rather
        than the record), and both refresh the tables' statistics (one
        ANALYZE per table after an insert of 100 rows or more: left out)."""
        bulk = type(self.env["recouvrement.bulk"])
        self.enterContext(patch.object(bulk, "_analyze_if_grown", lambda *args: None))
        for module in ("fields", "fields_relational", "models"):
            self.enterContext(patch(f"odoo.orm.{module}.PREFETCH_MAX", 50))
        self.levels.write({"review_needed": True})
        self._post_invoice()
        self._post_invoice(partner=self.customer_2)
        self._post_invoices_for(58)
        self._count_run(date(2026, 3, 14))  # fill the registry's caches first
        medium, result = self._count_run(date(2026, 3, 14))
        self.assertEqual(result, (60, 60))
        self._post_invoices_for(120)
        large, result = self._count_run(date(2026, 3, 14))
        self.assertEqual(result, (180, 180))
        self.assertEqual(large, medium)


@tagged("post_install", "-at_install")
class TestDunningRunBudget(RecouvrementCommon):
    """The cron sends by batches, commits after each, stops when its time is
    up; the next run sends what is left: nothing twice, nothing forgotten."""

    def _cron_run(self, on, seconds_left):
        """One cron run on day ``on``, whose time is up after ``seconds_left``
        (as ir.cron sets it), in a cursor the run may commit."""
        cron = self.env.ref("account_recouvrement_base.ir_cron_recouvrement_daily")
        self.env.flush_all()
        with (
            freeze_time(on),
            self.enter_registry_test_mode(),
            self.registry.cursor() as cr,
        ):
            env = self.env(
                cr=cr, context=dict(self.env.context, cron_id=cron.id, tz="UTC")
            )
            cron, progress = env["ir.cron"].browse(cron.id)._add_progress()
            run = env["recouvrement.run"].with_context(
                cron.env.context, cron_end_time=time.monotonic() + seconds_left
            )
            created = run._run(
                date=on, companies=self.company.with_env(env), commit=True
            )
            result = (len(created), progress.done, progress.remaining)
        self.env.invalidate_all()
        return result

    def test_cron_stops_at_its_budget_and_resumes(self):
        partners = self.customer | self.customer_2
        partners |= self.env["res.partner"].create(
            {"name": "Fromagerie Leroy", "is_company": True, "email": "l@f.example"}
        )
        invoices = self.env["account.move"].union(
            *(self._post_invoice(partner=partner, amount=100.0) for partner in partners)
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "account_recouvrement.send_batch_size", "1"
        )
        Comm = self.env["recouvrement.communication"]
        on = date(2026, 3, 12)
        # no time left: one batch (one communication) sent, two left
        self.assertEqual(self._cron_run(on, seconds_left=0), (3, 1, 2))
        comms = Comm.search([("partner_id", "in", partners.ids)])
        self.assertEqual(len(comms), 3)
        self.assertEqual(
            sorted(comms.mapped("state")), ["sent", "to_review", "to_review"]
        )
        # the next run creates nothing and carries on
        self.assertEqual(self._cron_run(on, seconds_left=0), (0, 1, 1))
        self.assertEqual(sorted(comms.mapped("state")), ["sent", "sent", "to_review"])
        # with time enough, the rest
        self.assertEqual(self._cron_run(on, seconds_left=600), (0, 1, 0))
        self.assertEqual(set(comms.mapped("state")), {"sent"})
        # nothing twice: one email and one history message each
        for comm in comms:
            self.assertEqual(
                self.env["mail.mail"].search_count(
                    [("model", "=", comm._name), ("res_id", "=", comm.id)]
                ),
                1,
            )
        self.assertEqual(
            set(invoices.mapped("recouvrement_level_id")), {self.level_first}
        )
        for invoice in invoices:
            self.assertEqual(
                len(invoice.message_ids.filtered(lambda m: "REL/" in (m.body or ""))), 1
            )
        # a later run has nothing more to send
        self.assertEqual(self._cron_run(on, seconds_left=600), (0, 0, 0))


@tagged("post_install", "-at_install")
class TestRunLog(RecouvrementCommon):
    def test_run_record_figures(self):
        """Two customers at the first level (automatic), one of them failing
        to send, a third at the formal notice (review): the run's record."""
        self.customer_2.email = False
        self.level_first.channel_phone = True
        late = self._post_invoice(partner=self.customer, amount=2000.0)
        self._post_invoice(partner=self.customer_2, amount=300.0)
        # the formal notice: sent by hand the same day, after the run
        third = self.env["res.partner"].create(
            {"name": "Fromagerie Leroy", "is_company": True, "email": "l@f.example"}
        )
        self._post_invoice(partner=third, amount=500.0)
        Send = self.env.registry["recouvrement.communication.send"]
        original = Send._schedule_phone_call

        def phone(service, comm):
            if comm.partner_id == self.customer_2:
                raise ValueError("no phone number")
            return original(service, comm)

        with patch.object(Send, "_schedule_phone_call", phone):
            comms = self._run(date(2026, 3, 12))
        log = comms.run_log_id
        self.assertEqual(len(log), 1)
        self.assertEqual(log.date, date(2026, 3, 12))
        self.assertEqual(log.company_id, self.company)
        self.assertEqual(log.created_count, 3)
        self.assertEqual(
            [(line.level_id, line.created_count) for line in log.level_ids],
            [(self.level_first, 3)],
        )
        self.assertEqual(log.sent_count, 2)
        self.assertEqual(log.error_count, 1)
        failed = comms.filtered(lambda comm: comm.partner_id == self.customer_2)
        self.assertEqual(log.error_ids, failed)
        self.assertIn("no phone number", log.error_ids.error_message)
        self.assertEqual(log.charges_amount, 0.0)
        self.assertGreaterEqual(log.duration, 0.0)
        self.assertFalse(log.stopped_by_budget)
        self.assertIn(log, self.env["recouvrement.run.log"].search([]))

        # the formal notice level bills its charges when a run sends it
        self.level_notice.review_needed = False
        self._send(self._run(date(2026, 3, 27)), date(2026, 3, 27))
        notices = self._run(date(2026, 4, 11))
        log = notices.run_log_id
        self.assertEqual(len(log), 1)
        self.assertEqual(notices.partner_id, self.customer | third)
        self.assertEqual(set(notices.mapped("state")), {"sent"})
        self.assertEqual(log.sent_count, 2)
        # interest at 12.15 % over 40 days and the 40 € indemnity, per invoice:
        # 2,000 € → 26.63 + 40; 500 € → 6.66 + 40
        self.assertEqual(
            sorted(notices.charge_move_id.mapped("amount_total")), [46.66, 66.63]
        )
        self.assertAlmostEqual(log.charges_amount, 113.29)
        self.assertEqual(late.recouvrement_level_id, self.level_notice)
