import logging

from odoo import api, models
from odoo.tools import SQL, float_compare, float_repr, str2bool

from ..lib.bulk import array_literal

_logger = logging.getLogger(__name__)

# ir.config_parameter: "False" makes the run create its history with the ORM
BULK_INSERT_PARAM = "account_recouvrement.bulk_insert"
# what a create of the run's history does without the chatter
MAIL_QUIET_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
MAGIC_COLUMNS = {"id", "create_uid", "create_date", "write_uid", "write_date"}
# the create overrides the bulk insert stands in for: (model, module, class).
# A new override is a behaviour the bulk insert skips: the guard test lists
# them, so that whoever adds one decides what the bulk insert must do.
KNOWN_CREATE_OVERRIDES = {
    "recouvrement.communication": {
        ("odoo.addons.mail.models.mail_thread", "MailThread"),
        (
            "odoo.addons.account_recouvrement_base.models.recouvrement_communication",
            "RecouvrementCommunication",
        ),
    },
    "recouvrement.communication.line": set(),
    "recouvrement.communication.credit": set(),
    "recouvrement.exclusion": set(),
}


class RecouvrementBulk(models.AbstractModel):
    """Batched creation of the run's history (communications and their
    lines), with a number of queries that does not depend on how many."""

    _name = "recouvrement.bulk"
    _description = "Dunning History Bulk Insert"

    @api.model
    def _bulk_insert_enabled(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param(BULK_INSERT_PARAM, "True")
        )
        return str2bool(value, default=True)

    @api.model
    def _insert_records(self, model, vals_list):
        """Create ``vals_list`` as new records of ``model`` and return them, in
        the order of ``vals_list``.

        Bulk mode (the default): a fixed number of queries whatever their
        number (ids, one INSERT of array literals, statistics). The values go
        through the fields' conversions as in ``create``; the fields left out
        get their default (``default_get``, once) and the stored computed
        fields left out are computed at the next flush; the stored fields of
        other models that depend on the new records are marked to recompute
        (``modified(create=True)``), and the record rules are checked on the
        new records. What it does not do: run ``create`` overrides and Python
        constraints — the run gives complete, valid values (the guard test
        lists the overrides it stands in for).

        With the system parameter ``account_recouvrement.bulk_insert`` set to
        ``False``, the records are made by ``create`` (no chatter message).
        """
        model.check_access("create")
        if not vals_list:
            return model.browse()
        if not self._bulk_insert_enabled():
            return model.with_context(**MAIL_QUIET_CONTEXT).create(vals_list)
        fields_ = model._fields
        given = {name for vals in vals_list for name in vals}
        unknown = given - {name for name, field in fields_.items() if field.store}
        if unknown:
            raise ValueError(f"Not stored fields of {model._name}: {sorted(unknown)}")
        stored = [
            name
            for name, field in fields_.items()
            if field.store and field.column_type and name not in MAGIC_COLUMNS
        ]
        defaults = model.default_get(
            [name for name in stored if name not in given and not fields_[name].compute]
        )
        columns = [name for name in stored if name in given or name in defaults]
        ids = self._reserve_ids(model._table, len(vals_list))
        arrays = [ids]
        for name in columns:
            convert = self._column_converter(model, fields_[name])
            default = defaults.get(name, False)
            arrays.append(
                [convert(vals.get(name, default), vals) for vals in vals_list]
            )
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                "INSERT INTO %(table)s (id, %(columns)s, create_uid, create_date, "
                "write_uid, write_date) "
                "SELECT *, %(uid)s, %(now)s, %(uid)s, %(now)s FROM unnest(%(arrays)s)",
                table=SQL.identifier(model._table),
                columns=SQL(", ").join(SQL.identifier(name) for name in columns),
                uid=self.env.uid,
                now=now,
                arrays=SQL(", ").join(
                    SQL("%s::%s[]", array_literal(values), SQL(column_type))
                    for column_type, values in zip(
                        ["int4", *(fields_[name].column_type[1] for name in columns)],
                        arrays,
                        strict=True,
                    )
                ),
            )
        )
        self._analyze_if_grown(model._table, len(ids))
        records = model.browse(ids)
        # the one2many whose inverse is a column we filled see the new records
        for name in columns:
            for inverse in self.env.registry.field_inverses[fields_[name]]:
                self.env[inverse.model_name].invalidate_model([inverse.name])
        # as create: the given computed values are kept, what depends on the
        # new records (here or on other models) is marked to recompute
        protected = [fields_[name] for name in given if fields_[name].compute]
        with self.env.protecting(protected, records):
            records.modified(list(fields_), create=True)
        records.check_access("create")
        return records

    def _column_converter(self, model, field):
        """The function that turns a value of ``vals`` into its column value,
        as ``create`` does (``convert_to_column_insert``). A monetary value is
        rounded to the currency of its row as ``Monetary`` does, with one
        currency record per currency rather than a new record per value."""
        currency_name = field.type == "monetary" and field.get_currency_field(model)
        if not currency_name or currency_name not in model._fields:
            if field.company_dependent or field.translate:
                return lambda value, vals: field.convert_to_column_insert(
                    value, model, vals, validate=False
                )
            return _memoized(
                lambda value, vals: field.convert_to_column_insert(
                    value, model, vals, validate=False
                )
            )
        comodel = self.env[model._fields[currency_name].comodel_name]
        rounders = {}

        def convert(value, vals):
            currency_id = vals.get(currency_name)
            if isinstance(currency_id, models.BaseModel):
                currency_id = currency_id.id
            if not currency_id:
                return field.convert_to_column_insert(
                    value, model, vals, validate=False
                )
            if currency_id not in rounders:
                rounders[currency_id] = _monetary_rounder(comodel.browse(currency_id))
            return rounders[currency_id](float(value or 0.0))

        return convert

    def _reserve_ids(self, table, count):
        self.env.cr.execute(
            SQL(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                table,
                count,
            )
        )
        return sorted(row[0] for row in self.env.cr.fetchall())

    def _analyze_if_grown(self, table, inserted):
        """Refresh the planner's statistics of ``table`` when an insert made
        it grow by more than a fifth (at least a hundred rows): after a first
        run on a large ledger the statistics would still describe an empty
        table, and the next queries on it (a same-day rerun) would be planned
        for none."""
        self.env.cr.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table]
        )
        known = max(self.env.cr.fetchone()[0], 0)
        if inserted >= 100 and inserted > known / 5:
            self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))

    # ------------------------------------------------------------------
    # Reference numbering
    # ------------------------------------------------------------------

    @api.model
    def _next_references(self, code, count):
        """``count`` references of the ``ir.sequence`` of ``code``, the ones
        ``next_by_code`` would give one by one, drawn with a single query
        when the sequence is a plain PostgreSQL sequence (the daily run
        numbers thousands of communications at once)."""
        sequence = self.env["ir.sequence"]
        if count > 1:
            sequence = sequence.search(
                [
                    ("code", "=", code),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        if (
            count <= 1
            or sequence.implementation != "standard"
            or sequence.use_date_range
        ):
            next_by_code = self.env["ir.sequence"].next_by_code
            return [next_by_code(code) or "/" for _index in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}", count],
        )
        numbers = sorted(row[0] for row in self.env.cr.fetchall())
        # what get_next_char does for each number, the prefix interpolated once
        prefix, suffix = sequence._get_prefix_suffix()
        pattern = f"%0{sequence.padding}d"
        return [prefix + pattern % number + suffix for number in numbers]


def _monetary_rounder(currency):
    """``Monetary.convert_to_column_insert`` for the amounts of ``currency``:
    the amount rounded to the currency, as text. An amount already at the
    currency's precision (the run's amounts are sums of numeric columns) is
    written as it is, without the cost of ``float_round``."""
    places = currency.decimal_places
    scale = 10**places
    decimal = float_compare(currency.rounding * scale, 1.0, precision_digits=6) == 0

    def round_amount(amount):
        scaled = amount * scale
        if decimal and abs(scaled - round(scaled)) < 1e-6:
            return f"{amount:.{places}f}"
        return float_repr(currency.round(amount), places)

    return round_amount


def _memoized(convert):
    """``convert`` computed once per distinct value: a column holds few of
    them (the same company, customer, level or date on many rows)."""
    converted = {}

    def convert_once(value, vals):
        try:
            return converted[value]
        except KeyError:
            result = converted[value] = convert(value, vals)
            return result
        except TypeError:  # an unhashable value
            return convert(value, vals)

    return convert_once
