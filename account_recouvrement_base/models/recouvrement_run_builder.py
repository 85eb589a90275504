import logging

from odoo import models

_logger = logging.getLogger(__name__)

# pg advisory lock key: "recouvrement" run, one per company


class RecouvrementRunBuilder(models.AbstractModel):
    """What a run makes of the rows it read: the customer's net position
    (open credits that cover what is due withhold the reminder) and the
    communications and their lines, created in batches. Part of
    ``recouvrement.run``."""

    _name = "recouvrement.run.builder"
    _description = "Dunning Run: Communications"

    # ------------------------------------------------------------------
    # The customer's net position
    # ------------------------------------------------------------------

    @staticmethod
    def _reminded_rows(rows):
        """The invoices a communication lists: those reaching a new level and
        the other overdue ones."""
        return [row for row in rows if row["next"] or row["days_late"] > 0]

    def _read_credits(self, company, groups):
        """The open credits (credit notes, unallocated payments) of the
        customers about to get a communication, with one query for all.

        :return: ``{(partner_id, currency_id): [row, ...]}``
        """
        partner_ids = {
            partner_id
            for (partner_id, _currency_id), rows in groups.items()
            if any(row["next"] for row in rows)
        }
        if not partner_ids:
            return {}
        credits = self.env["recouvrement.communication.credit"]._read_open_credits(
            [company.id], partner_ids
        )
        return {
            (partner_id, currency_id): credit_rows
            for (partner_id, _company_id, currency_id), credit_rows in credits.items()
        }

    def _withhold_covered(self, date, groups, credits):
        """Take out of ``groups`` the customers whose open credits, in the
        currency of the reminder, bring what it would claim at or below the
        policy's tolerance: they get no reminder.

        :return: ``{(partner_id, currency_id): (amount_due, amount_credits)}``
            of the customers withheld, for the record the run keeps of them
        """
        policies = self.env["recouvrement.policy"]
        tolerances = {}
        skips = {}
        for key, rows in list(groups.items()):
            credit_rows = credits.get(key)
            if not credit_rows or not any(row["next"] for row in rows):
                continue
            currency = self.env["res.currency"].browse(key[1])
            policy_id = rows[0]["policy_id"]
            if (policy_id, currency.id) not in tolerances:
                tolerances[(policy_id, currency.id)] = policies.browse(
                    policy_id
                )._get_tolerance(currency, date)
            amount_due = currency.round(
                sum(row["residual"] for row in self._reminded_rows(rows))
            )
            amount_credits = currency.round(
                sum(row["amount_residual"] for row in credit_rows)
            )
            net = amount_due - amount_credits
            if currency.compare_amounts(net, tolerances[(policy_id, currency.id)]) <= 0:
                del groups[key]
                skips[key] = (amount_due, amount_credits)
        return skips

    def _create_communications(self, date, company, groups, specs, credits=None):
        """One communication per customer and currency whose invoices reach a
        new level, with one line per overdue invoice (and per invoice stepping
        up) and the customer's open credits in that currency (``credits``, as
        ``_read_credits`` gives them). Inserted with a fixed number of queries
        whatever the number of invoices (``recouvrement.bulk``): the values
        are complete, the stored amounts of the communications are summed here
        from its lines and credits."""
        credits = credits or {}
        Credit = self.env["recouvrement.communication.credit"]
        level_by_id = {
            level.id: level
            for level in self.env["recouvrement.level"].browse(
                [spec.id for level_specs in specs.values() for spec in level_specs]
            )
        }
        order = {
            spec.id: spec.sequence
            for level_specs in specs.values()
            for spec in level_specs
        }
        comm_vals = []
        line_groups = []
        credit_groups = []
        for (partner_id, currency_id), rows in groups.items():
            stepping = [row for row in rows if row["next"]]
            if not stepping:
                continue
            level_spec = max(
                (row["next"] for row in stepping), key=lambda s: (order[s.id], s.id)
            )
            level = level_by_id[level_spec.id]
            lines = [self._line_vals(row) for row in self._reminded_rows(rows)]
            credit_rows = credits.get((partner_id, currency_id), [])
            currency = self.env["res.currency"].browse(currency_id)
            amount_residual = currency.round(
                sum(line["amount_residual"] for line in lines)
            )
            amount_credits = currency.round(
                sum(row["amount_residual"] for row in credit_rows)
            )
            comm_vals.append(
                {
                    "date": date,
                    "company_id": company.id,
                    "partner_id": partner_id,
                    "user_id": stepping[0]["partner_user_id"],
                    "policy_id": level.policy_id.id,
                    "level_id": level.id,
                    "currency_id": currency_id,
                    "state": "to_review",
                    "use_email": level.channel_email,
                    "use_letter": level.channel_letter,
                    "use_registered": level.channel_registered,
                    "use_phone": level.channel_phone,
                    # the stored computes of the communication, from its lines
                    # and credits
                    "amount_residual": amount_residual,
                    "amount_overdue": currency.round(
                        sum(line["amount_overdue"] for line in lines)
                    ),
                    "max_days_late": max([line["days_late"] for line in lines] or [0]),
                    "amount_credits": amount_credits,
                    "amount_net": max(amount_residual - amount_credits, 0.0),
                    # no registered letter received yet (computed, it would be
                    # read back a thousand communications at a time)
                    "notice_date": False,
                }
            )
            line_groups.append(lines)
            credit_groups.append(credit_rows)
        Communication = self.env["recouvrement.communication"]
        if not comm_vals:
            return Communication
        bulk = self.env["recouvrement.bulk"]
        names = bulk._next_references(Communication._name, len(comm_vals))
        for vals, name in zip(comm_vals, names, strict=True):
            vals["name"] = name
        # no creation message nor follower per communication: the history is the
        # communication itself, and the chatter gets a message when it is sent
        communications = bulk._insert_records(Communication, comm_vals)
        line_vals = []
        credit_vals = []
        for comm_id, vals, lines, credit_rows in zip(
            communications.ids, comm_vals, line_groups, credit_groups, strict=True
        ):
            credit_vals += [
                Credit._vals_from_row(comm_id, vals["company_id"], row)
                for row in credit_rows
            ]
            for line in lines:
                line.update(
                    communication_id=comm_id,
                    # stored related fields of the line
                    company_id=vals["company_id"],
                    partner_id=vals["partner_id"],
                    date=vals["date"],
                    state=vals["state"],
                )
                line_vals.append(line)
        # the communications' stored sums were computed above from these very
        # lines and credits: inserting them must not recompute every
        # communication
        sums = [
            Communication._fields[name]
            for name in (
                "amount_residual",
                "amount_overdue",
                "max_days_late",
                "amount_credits",
                "amount_net",
            )
        ]
        with self.env.protecting(sums, communications):
            bulk._insert_records(self.env["recouvrement.communication.line"], line_vals)
            if credit_vals:
                bulk._insert_records(Credit, credit_vals)
        _logger.info(
            "Dunning run %s for %s: %d communications, %d invoices, %d credits",
            date,
            company.name,
            len(communications),
            len(line_vals),
            len(credit_vals),
        )
        return communications

    @staticmethod
    def _line_vals(row):
        current = row["recouvrement_level_id"]
        return {
            "move_id": row["id"],
            "level_id": row["next"].id if row["next"] else current,
            "previous_level_id": current,
            "raises_level": bool(row["next"]),
            "currency_id": row["currency_id"],
            "invoice_date": row["invoice_date"],
            "date_due": row["date_due"],
            "days_late": row["days_late"],
            "amount_total": row["amount_total"],
            "amount_residual": row["residual"],
            "amount_overdue": row["overdue"],
        }
