from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date


class RecouvrementRunLog(models.Model):
    """What one dunning run did for one company: the communications it
    created (per level), sent, put in error (with the reason), the charges
    it billed and how long it took. A run stopped by the cron's time budget
    is followed by another one the same day, with its own record."""

    _name = "recouvrement.run.log"
    _description = "Dunning Run Record"
    _order = "start_time desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        required=True,
        readonly=True,
    )
    date = fields.Date(
        string="Run date",
        required=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Run by",
        readonly=True,
        default=lambda self: self.env.user,
    )
    start_time = fields.Datetime(
        string="Started at",
        readonly=True,
        default=fields.Datetime.now,
    )
    duration = fields.Float(
        string="Duration (seconds)",
        readonly=True,
        digits=(16, 2),
    )
    level_ids = fields.One2many(
        comodel_name="recouvrement.run.log.level",
        inverse_name="run_id",
        string="Created per level",
        readonly=True,
    )
    communication_ids = fields.One2many(
        comodel_name="recouvrement.communication",
        inverse_name="run_log_id",
        string="Communications created",
        readonly=True,
    )
    created_count = fields.Integer(
        string="Created",
        readonly=True,
    )
    sent_count = fields.Integer(
        string="Sent",
        readonly=True,
        help="Communications of levels sent without review that this run "
        "sent, those a previous run left included.",
    )
    error_ids = fields.Many2many(
        comodel_name="recouvrement.communication",
        relation="recouvrement_run_log_error_rel",
        column1="run_id",
        column2="communication_id",
        string="In error",
        readonly=True,
    )
    error_count = fields.Integer(
        string="Errors",
        readonly=True,
    )
    charges_amount = fields.Monetary(
        string="Charges billed",
        currency_field="currency_id",
        readonly=True,
        help="Late interest and indemnities billed with the communications "
        "this run sent.",
    )
    stopped_by_budget = fields.Boolean(
        string="Stopped by its time budget",
        readonly=True,
        help="The cron's time was up before everything was sent: its next "
        "run sent the rest.",
    )

    @api.model
    def _start(self, date, company, partners=None):
        if partners is None:
            name = self.env._("Run of %(date)s", date=format_date(self.env, date))
        else:
            name = self.env._(
                "Run of %(date)s for selected customers (%(count)s)",
                date=format_date(self.env, date),
                count=len(partners.commercial_partner_id),
            )
        return self.create(
            {
                "name": name,
                "date": date,
                "company_id": company.id,
            }
        )

    def _record_created(self, communications):
        """The communications this run created, counted per level."""
        self.ensure_one()
        if not communications:
            return
        # one UPDATE whatever their number: the ORM's write would read their
        # tracked fields a thousand at a time and update them a hundred at a
        # time, and the run's queries would grow with its communications
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE recouvrement_communication SET run_log_id = %s "
                "WHERE id = ANY(%s)",
                self.id,
                communications.ids,
            )
        )
        communications.invalidate_recordset(["run_log_id"])
        self.invalidate_recordset(["communication_ids"])
        counts = communications._read_group(
            [("id", "in", communications.ids)], ["level_id"], ["__count"]
        )
        self.write(
            {
                "created_count": len(communications),
                "level_ids": [
                    fields.Command.create(
                        {"level_id": level.id, "created_count": count}
                    )
                    for level, count in counts
                ],
            }
        )

    def _record_sent(self, communications):
        """Add a batch this run tried to send: those sent, those in error."""
        self.ensure_one()
        sent = communications.filtered(lambda comm: comm.state == "sent")
        errors = communications.filtered(lambda comm: comm.state == "error")
        charges = sum(sent.charge_move_id.mapped("amount_total_signed"))
        self.write(
            {
                "sent_count": self.sent_count + len(sent),
                "error_count": self.error_count + len(errors),
                "error_ids": [fields.Command.link(comm.id) for comm in errors],
                "charges_amount": self.charges_amount + charges,
            }
        )

    def _finish(self, started, stopped_by_budget=False):
        self.ensure_one()
        self.write(
            {
                "duration": (fields.Datetime.now() - started).total_seconds(),
                "stopped_by_budget": stopped_by_budget,
            }
        )


class RecouvrementRunLogLevel(models.Model):
    _name = "recouvrement.run.log.level"
    _description = "Dunning Run Record: Level"
    _order = "run_id, id"

    run_id = fields.Many2one(
        comodel_name="recouvrement.run.log",
        required=True,
        index=True,
        ondelete="cascade",
    )
    level_id = fields.Many2one(
        comodel_name="recouvrement.level",
        string="Dunning level",
        required=True,
    )
    created_count = fields.Integer(
        string="Created",
    )
