# Copyright 2026 account_recouvrement authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The former external ids of account_recouvrement name the same records as
the suite's own, on a fresh install as after an upgrade (tests/test_upgrade.py)."""

from odoo.tests import tagged

from odoo.addons.account_recouvrement.hooks import (
    RENAMED_XMLIDS,
    keep_legacy_xmlids,
    legacy_xmlids,
)
from odoo.addons.account_recouvrement_base.hooks import declared_xmlids
from odoo.addons.account_recouvrement_base.tests.common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestLegacyXmlids(RecouvrementCommon):
    def test_former_ids_are_aliases_of_the_suite_records(self):
        names = legacy_xmlids()
        self.assertGreater(len(names), 250)
        for name in (
            "policy_default_fr",
            "ir_cron_recouvrement_daily",
            "mail_template_recouvrement",
            "mail_body_recouvrement",
            "group_recouvrement_user",
            "action_recouvrement_review_queue",
        ):
            self.assertIn(name, names)
            self.assertEqual(
                self.env.ref(f"account_recouvrement.{name}"),
                self.env.ref(f"account_recouvrement_base.{name}"),
            )
        # the ids of the records the feature addons took from the core
        for name, addon in (
            ("action_recouvrement_factor_batch", "account_recouvrement_factoring"),
            ("seq_recouvrement_factor_batch", "account_recouvrement_factoring"),
            ("action_recouvrement_case", "account_recouvrement_litigation"),
            ("stage_enforcement", "account_recouvrement_litigation"),
            ("action_report_receivables_xlsx", "account_recouvrement_receivables"),
            (
                "ir_cron_recouvrement_receivables_weekly",
                "account_recouvrement_receivables",
            ),
        ):
            self.assertIn(name, names)
            self.assertEqual(
                self.env.ref(f"account_recouvrement.{name}"),
                self.env.ref(f"{addon}.{name}"),
            )
        aliases = self.env["ir.model.data"].search(
            [("module", "=", "account_recouvrement")]
        )
        self.assertTrue(all(aliases.mapped("noupdate")))
        self.assertFalse(
            aliases.filtered(
                lambda d: (
                    d.model
                    in ("ir.model", "ir.model.fields", "ir.model.fields.selection")
                )
            ),
            "no alias for models and fields: Odoo names those itself",
        )

    def test_every_former_id_is_declared_by_the_suite(self):
        """A former id that no addon declares any more would have no record
        after an upgrade: the update deletes what nobody declares."""
        declared = set()
        for module in self.env["ir.module.module"].search(
            [("name", "=like", "account\\_recouvrement%"), ("state", "=", "installed")]
        ):
            declared |= declared_xmlids(module.name)
        self.assertEqual(set(legacy_xmlids()) - declared - RENAMED_XMLIDS, set())

    def test_aliasing_twice_makes_nothing(self):
        self.assertEqual(keep_legacy_xmlids(self.env), 0)

    def test_template_calling_the_former_view_renders(self):
        """A reminder template stored by 19.0.1.4.0 calls its body view by the
        former id; the alias keeps it working."""
        template = self.env.ref("account_recouvrement.mail_template_recouvrement")
        body = template.with_context(lang="en_US").body_html
        template.body_html = body.replace(
            "account_recouvrement_base.mail_body_recouvrement",
            "account_recouvrement.mail_body_recouvrement",
        )
        self.assertIn(
            't-call="account_recouvrement.mail_body_recouvrement"', template.body_html
        )
        invoice = self._post_invoice(amount=600.0)
        communication = self._run(self._day(20)).filtered(
            lambda c: c.partner_id == self.customer
        )
        self.assertTrue(communication)
        rendered = template._render_field("body_html", communication.ids)[
            communication.id
        ]
        self.assertIn(invoice.name, str(rendered))
