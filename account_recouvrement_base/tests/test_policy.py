from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RecouvrementCommon


@tagged("post_install", "-at_install")
class TestPolicy(RecouvrementCommon):
    def test_default_policy_levels(self):
        """The French default policy: J-3, J+10, J+25, J+40 with its channels."""
        self.assertEqual(self.levels.mapped("delay_days"), [-3, 10, 25, 40])
        self.assertTrue(self.level_courtesy.channel_email)
        self.assertFalse(self.level_courtesy.review_needed)
        self.assertTrue(
            self.level_second.channel_email and self.level_second.channel_letter
        )
        self.assertTrue(self.level_second.review_needed)
        self.assertTrue(self.level_notice.channel_registered)
        self.assertTrue(self.level_notice.is_formal_notice)
        self.assertTrue(
            self.level_notice.charge_interest and self.level_notice.charge_indemnity
        )

    def test_level_without_channel(self):
        with self.assertRefused(ValidationError, "at least one channel"):
            self.level_first.write({"channel_email": False})
        self.assertTrue(self.level_first.channel_email)

    def test_unordered_delays(self):
        with self.assertRefused(ValidationError, "increasing delays"):
            self.level_second.write({"delay_days": 5})
        self.assertEqual(self.level_second.delay_days, 25)

    def test_negative_delay_only_first_level(self):
        with self.assertRefused(ValidationError, "Only the first level"):
            self.level_notice.write({"delay_days": -1, "sequence": 0})
        self.assertEqual(self.level_notice.delay_days, 40)

    def test_negative_interval(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.level_first.write({"min_interval_days": -2})
                self.env.flush_all()

    def test_negative_tolerance(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.policy.write({"tolerance_amount": -5})
                self.env.flush_all()

    def test_policy_of_another_company(self):
        other = self.setup_other_company()["company"]
        foreign = self.policy.copy({"company_id": other.id})
        with self.assertRefused(ValidationError):
            self.company.recouvrement_policy_id = foreign
        self.assertEqual(self.company.recouvrement_policy_id, self.policy)
        with self.assertRefused(ValidationError, "another company"):
            self.customer.with_company(self.company).recouvrement_policy_id = foreign
        self.assertFalse(
            self.customer.with_company(self.company).recouvrement_policy_id
        )

    def test_blank_name(self):
        with self.assertRefused(ValidationError, "needs a name"):
            self.level_first.write({"name": "  "})
