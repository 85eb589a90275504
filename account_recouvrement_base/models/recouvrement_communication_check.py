from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date


class RecouvrementCommunicationCheck(models.AbstractModel):
    """The checks of a reminder's registered-letter tracking (the dates and
    number typed from the post office's tracking). Part of
    ``recouvrement.communication``."""

    _name = "recouvrement.communication.check"
    _description = "Dunning Communication: Checks"

    @api.constrains("lrar_date_sent", "lrar_date_presented", "lrar_date_received")
    def _check_lrar_dates(self):
        """The postal dates come from the tracking and the acknowledgement of
        receipt: none in the future, the letter posted once the reminder
        exists, presented and received once posted and sent, and received at
        the earliest when first presented (a letter collected at the post
        office is received after the notice of its passage)."""
        today = fields.Date.context_today(self)
        for comm in self:
            for name in ("lrar_date_sent", "lrar_date_presented", "lrar_date_received"):
                day = comm[name]
                if day and day > today:
                    raise ValidationError(
                        self.env._(
                            "“%(field)s” cannot be a future date (%(date)s).",
                            field=comm._fields[name]._description_string(self.env),
                            date=format_date(self.env, day),
                        )
                    )
            if comm.lrar_date_sent and comm.lrar_date_sent < comm.date:
                raise ValidationError(
                    self.env._(
                        "The registered letter cannot have been posted on %(date)s, "
                        "before the reminder's date (%(run_date)s).",
                        date=format_date(self.env, comm.lrar_date_sent),
                        run_date=format_date(self.env, comm.date),
                    )
                )
            comm._check_lrar_delivery_dates()

    def _check_lrar_delivery_dates(self):
        """A letter is presented and received after the reminder exists, is
        sent and is posted — not before its first presentation."""
        earliest = max(
            day
            for day in (
                self.date,
                self.lrar_date_sent,
                self.sent_date
                and fields.Datetime.context_timestamp(self, self.sent_date).date(),
            )
            if day
        )
        for name in ("lrar_date_presented", "lrar_date_received"):
            day = self[name]
            if day and day < earliest:
                raise ValidationError(
                    self.env._(
                        "“%(field)s” cannot be %(date)s: the letter was sent or "
                        "posted on %(earliest)s.",
                        field=self._fields[name]._description_string(self.env),
                        date=format_date(self.env, day),
                        earliest=format_date(self.env, earliest),
                    )
                )
        presented, received = self.lrar_date_presented, self.lrar_date_received
        if presented and received and received < presented:
            raise ValidationError(
                self.env._(
                    "The registered letter cannot have been received on "
                    "%(received)s, before it was first presented (%(presented)s).",
                    received=format_date(self.env, received),
                    presented=format_date(self.env, presented),
                )
            )

    @api.constrains("lrar_number")
    def _check_lrar_number(self):
        for comm in self:
            number = (comm.lrar_number or "").replace(" ", "")
            if comm.lrar_number and not (number.isalnum() and 8 <= len(number) <= 20):
                raise ValidationError(
                    self.env._(
                        "“%(number)s” is not a registered-letter tracking number "
                        "(8 to 20 letters and digits).",
                        number=comm.lrar_number,
                    )
                )
