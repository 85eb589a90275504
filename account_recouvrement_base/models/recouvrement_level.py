from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHANNEL_FIELDS = (
    "channel_email",
    "channel_letter",
    "channel_registered",
    "channel_phone",
)


class RecouvrementLevel(models.Model):
    _name = "recouvrement.level"
    _description = "Dunning Level"
    _order = "policy_id, sequence, id"
    _check_company_auto = True

    policy_id = fields.Many2one(
        string="Dunning policy",
        comodel_name="recouvrement.policy",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="policy_id.company_id",
        store=True,
        index=True,
    )
    sequence = fields.Integer(
        default=10,
    )
    name = fields.Char(
        required=True,
        translate=True,
    )
    delay_days = fields.Integer(
        string="Delay (days)",
        required=True,
        help="Days relative to the due date after which this level applies. "
        "Negative: a courtesy reminder sent before the due date.",
    )
    min_interval_days = fields.Integer(
        string="Minimum interval (days)",
        default=7,
        required=True,
        help="Minimum number of days since the previous communication on the "
        "invoice before this level is sent.",
    )
    channel_email = fields.Boolean(
        string="Email",
    )
    channel_letter = fields.Boolean(
        string="Letter",
        help="A printed letter (PDF attached to the communication, to print and post).",
    )
    channel_registered = fields.Boolean(
        string="Registered letter",
        help="Lettre recommandée avec accusé de réception (LRAR): the tracking "
        "number and the date of receipt are recorded on the communication.",
    )
    channel_phone = fields.Boolean(
        string="Phone call",
        help="Schedules a phone-call activity for the credit controller.",
    )
    mail_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Email template",
        domain=[("model", "=", "recouvrement.communication")],
    )
    attach_invoices = fields.Boolean(
        string="Attach invoices",
        help="Attach the PDF of each invoice concerned to the email.",
    )
    attach_letter = fields.Boolean(
        string="Attach the letter (PDF)",
        help="Attach the letter's PDF to the email. The email's body carries "
        "the letter's content either way; a letter that goes by post is "
        "rendered and archived whatever this says.",
    )
    letter_intro = fields.Html(
        string="Text before the invoices",
        translate=True,
    )
    letter_outro = fields.Html(
        string="Text after the invoices",
        translate=True,
    )
    review_needed = fields.Boolean(
        string="Review before sending",
        help="Communications at this level wait in the review queue; "
        "otherwise the daily run sends them at once.",
    )
    is_formal_notice = fields.Boolean(
        string="Formal notice (mise en demeure)",
    )
    payment_deadline_days = fields.Integer(
        string="Deadline to pay (days)",
        default=8,
        help="Days given to the customer to pay, stated in the letter.",
    )
    propose_litigation = fields.Boolean(
        string="Pass to litigation",
        help="When a customer reaches this level (normally the policy's last, "
        "after the formal notice), the credit controller gets an activity "
        "proposing to open a litigation case; they decide.",
    )
    charge_interest = fields.Boolean(
        string="Charge late interest",
    )
    charge_indemnity = fields.Boolean(
        string="Charge the 40 € indemnity",
    )

    _min_interval_positive = models.Constraint(
        "CHECK(min_interval_days >= 0)",
        "The minimum interval cannot be negative.",
    )
    _delay_bounds = models.Constraint(
        "CHECK(delay_days BETWEEN -90 AND 3650 AND min_interval_days <= 365 "
        "AND payment_deadline_days <= 90)",
        "Delays must stay between 90 days before and 10 years after the due date, "
        "intervals within a year, deadlines within 90 days.",
    )
    _deadline_positive = models.Constraint(
        "CHECK(payment_deadline_days >= 0)",
        "The deadline to pay cannot be negative.",
    )

    @api.constrains(*CHANNEL_FIELDS)
    def _check_channels(self):
        for level in self:
            if not any(level[fname] for fname in CHANNEL_FIELDS):
                raise ValidationError(
                    self.env._(
                        "The level “%(level)s” needs at least one channel "
                        "(email, letter, registered letter or phone call).",
                        level=level.name,
                    )
                )

    @api.constrains("delay_days", "sequence", "policy_id", "is_formal_notice")
    def _check_delays(self):
        for policy in self.policy_id:
            levels = policy._get_sorted_levels()
            previous = None
            for index, level in enumerate(levels):
                if level.delay_days < 0 and (
                    index or level.is_formal_notice or level.charge_interest
                ):
                    raise ValidationError(
                        self.env._(
                            "Only the first level of a policy may have a negative "
                            "delay (a courtesy reminder before the due date); "
                            "“%(level)s” has %(delay)s days.",
                            level=level.name,
                            delay=level.delay_days,
                        )
                    )
                if previous is not None and level.delay_days <= previous.delay_days:
                    raise ValidationError(
                        self.env._(
                            "The levels of “%(policy)s” must have increasing delays: "
                            "“%(level)s” (%(delay)s days) comes after “%(prev)s” "
                            "(%(prev_delay)s days).",
                            policy=policy.name,
                            level=level.name,
                            delay=level.delay_days,
                            prev=previous.name,
                            prev_delay=previous.delay_days,
                        )
                    )
                previous = level

    @api.constrains("name")
    def _check_name(self):
        for level in self:
            if not (level.name or "").strip():
                raise ValidationError(self.env._("A dunning level needs a name."))
