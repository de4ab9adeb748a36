"""The registry and the bulk writer behind `paizhu gen` (docs/benchmarks.md).

Each business app registers a generator module from its AppConfig.ready():

    generators.register("intake", "paizhu.intake.gen", order=10, label="信访举报")

`paizhu gen` runs them in order in one transaction, each filling the rows of its app through one
shared `GenContext`: numbers asked for, the seeded random generator, the bulk writer, the progress
line, the pending audit entries (written as one SM3 chain at the end by the audit app's generator)
and a `shared` dict in which an earlier generator leaves what a later one needs (the intake
generator leaves its reports by unit, so that clues from petitions cite a real report number).

The writer inserts with PostgreSQL's COPY (psycopg's `cursor.copy()`) and with `bulk_create` in
batches on SQLite. Rows that other rows point to get their primary keys from `next_id` (one
max(id) at the start, then counting up, sequences set past them at the end); rows nobody points to
leave the key to the database. Core imports no business app here: models arrive as arguments.
"""

import datetime
import importlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from .fields import EncryptedTextField

# From this many rows of a table on, its secondary indexes are built after the load instead of during it.
DEFER_INDEXES_FROM = 50_000


@dataclass(frozen=True)
class Generator:
    """A registered generator: `module` (dotted path) has `generate(ctx)` and `existing() -> int` (rows already there)."""

    name: str
    module: str
    order: int
    label: str

    def _module(self):
        return importlib.import_module(self.module)

    def fn(self, ctx: "GenContext") -> None:
        self._module().generate(ctx)

    def has_data(self) -> int:
        return self._module().existing()


_registry: dict[str, Generator] = {}


def register(name: str, module: str, order: int = 100, *, label: str = "") -> None:
    """Called from an app's ready(); the module is imported only when `paizhu gen` runs."""
    _registry[name] = Generator(name, module, order, label or name)


def registered() -> list[Generator]:
    return sorted(_registry.values(), key=lambda g: (g.order, g.name))


# --- progress ------------------------------------------------------------------------------------


class Progress:
    """One line on stderr, rewritten at most twice a second: done/total, rate, rows per second, ETA."""

    def __init__(self, label: str, total: int, writer: "BulkWriter | None" = None, stream=None, every: float = 0.5):
        self.label, self.total, self.writer = label, max(total, 1), writer
        self.stream = stream if stream is not None else sys.stderr
        self.every = every
        self.done = 0
        self.started = self.shown = time.perf_counter()
        self.rows_at_start = writer.total_rows if writer else 0

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.shown >= self.every and self.done < self.total:
            self.shown = now
            self._show(now)

    def _show(self, now: float, end: str = "") -> None:
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        rows = ((self.writer.total_rows - self.rows_at_start) / elapsed) if self.writer else 0
        bar = "#" * int(20 * self.done / self.total)
        line = (
            f"\r{self.label} [{bar:<20}] {self.done:,}/{self.total:,} {100 * self.done / self.total:3.0f}%"
            f"  {rate:,.0f} 件/秒  {rows:,.0f} 行/秒  已用 {_clock(elapsed)}  预计剩余 {_clock(left)} "
        )
        self.stream.write(line + end)
        self.stream.flush()

    def close(self) -> None:
        self._show(time.perf_counter(), end="\n")


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


# --- the bulk writer -------------------------------------------------------------------------------


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class BulkWriter:
    """Buffers rows per (model, columns) and writes them by COPY (PostgreSQL) or bulk_create (SQLite)."""

    def __init__(self, batch_rows: int = 20_000):
        self.batch_rows = batch_rows
        self.postgres = connection.vendor == "postgresql"
        self._buffers: dict[tuple[type[models.Model], tuple[str, ...]], list[tuple]] = defaultdict(list)
        self._converters: dict[tuple[type[models.Model], tuple[str, ...]], list] = {}
        self._next_ids: dict[type[models.Model], int] = {}
        self._all_fields: dict[type[models.Model], tuple[str, ...]] = {}
        self._deferred: list[tuple[str, str]] = []  # (index name, its CREATE INDEX statement)
        self.foreign_key_triggers = True
        self.rows: Counter[str] = Counter()  # rows generated per table (written by `finish` at the latest)
        self.total_rows = 0
        self.now = timezone.now()

    def begin(self) -> None:
        """Inside the load's transaction. PostgreSQL: skip the foreign-key triggers if the role may (as
        `pg_restore --disable-triggers` does: the rows reference each other by construction; the SQLite run
        of tests/core/test_gen.py checks every key)."""
        if not self.postgres:
            return
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            self.foreign_key_triggers = False
        except DatabaseError:
            self.foreign_key_triggers = True

    def defer_indexes(self, model: type[models.Model]) -> None:
        """PostgreSQL: drop the table's plain secondary indexes now and build them once in `finish` —
        far cheaper than maintaining them row by row (a GIN index over search tokens above all). Primary
        keys, unique indexes and constraints stay. The table is locked until the load commits."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                [model._meta.db_table],
            )
            found = cursor.fetchall()
            for name, _ in found:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        self._deferred.extend(found)

    # keys
    def next_id(self, model: type[models.Model]) -> int:
        """The next primary key for `model` (rows other rows point to are numbered here, in order)."""
        if model not in self._next_ids:
            self._next_ids[model] = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self._next_ids[model]
        self._next_ids[model] = value + 1
        return value

    # rows
    def add_row(self, model: type[models.Model], fields: tuple[str, ...], row: tuple) -> None:
        """One row given as values of `fields` (attnames: `report_id`, not `report`); the rest take the database default."""
        buffer = self._buffers[(model, fields)]
        buffer.append(row)
        self.rows[model._meta.db_table] += 1
        self.total_rows += 1
        if len(buffer) >= self.batch_rows:
            self._flush(model, fields)

    def add(self, obj: models.Model) -> None:
        """A model instance: every concrete field as it stands on the instance (auto_now fields filled)."""
        model = type(obj)
        names = self._all_fields.get(model)
        if names is None:
            names = self._all_fields[model] = tuple(
                f.attname for f in model._meta.concrete_fields if not (f.primary_key and _auto(f))
            )
        pk_field = model._meta.pk
        values = []
        for name in names:
            value = getattr(obj, name)
            if value is None and name in self._auto_now(model):
                value = self.now
            values.append(value)
        if _auto(pk_field) and obj.pk is not None:
            self.add_row(model, (pk_field.attname, *names), (obj.pk, *values))
        else:
            self.add_row(model, names, tuple(values))

    def _auto_now(self, model) -> frozenset[str]:
        cache = self.__dict__.setdefault("_auto_now_cache", {})
        if model not in cache:
            cache[model] = frozenset(
                f.attname
                for f in model._meta.concrete_fields
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            )
        return cache[model]

    def flush(self) -> None:
        for model, fields in list(self._buffers):
            self._flush(model, fields)

    def _flush(self, model, fields) -> None:
        rows = self._buffers.pop((model, fields), [])
        if not rows:
            return
        if self.postgres:
            self._copy(model, fields, rows)
        else:
            objs = [model(**dict(zip(fields, row, strict=True))) for row in rows]
            model._default_manager.bulk_create(objs, batch_size=max(1, 900 // max(len(fields), 1)))

    def _copy(self, model, fields, rows) -> None:
        key = (model, fields)
        converters = self._converters.get(key)
        if converters is None:
            converters = self._converters[key] = [
                _converter(model._meta.get_field(_field_name(model, f))) for f in fields
            ]
        columns = ", ".join(
            connection.ops.quote_name(model._meta.get_field(_field_name(model, f)).column) for f in fields
        )
        table = connection.ops.quote_name(model._meta.db_table)
        connection.ensure_connection()
        plain = all(c is None for c in converters)
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            if plain:
                for row in rows:
                    copy.write_row(row)
            else:
                for row in rows:
                    copy.write_row(
                        [v if c is None or v is None else c(v) for c, v in zip(converters, row, strict=True)]
                    )

    def finish(self) -> None:
        """Write what is buffered and move the id sequences past the keys handed out."""
        self.flush()
        if self._deferred:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for _, definition in self._deferred:
                    cursor.execute(definition)
            self._deferred = []
        if self.postgres and self._next_ids:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self._next_ids)):
                    cursor.execute(sql)
        # SQLite's AUTOINCREMENT moves past explicitly inserted keys by itself.


def _auto(f) -> bool:
    return isinstance(f, models.AutoField)


def _field_name(model, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise ValueError(f"{model._meta.label} has no column {attname!r}")


def _converter(f):
    """What turns a Python value into what COPY sends for this field (None: as is)."""
    if isinstance(f, models.JSONField):
        return _json
    if isinstance(f, EncryptedTextField):
        return f.get_prep_value  # encrypted with the project's key, never plaintext in the column
    return None


# --- the context ----------------------------------------------------------------------------------


@dataclass
class GenContext:
    reports: int
    clues: int
    years: int
    seed: int
    today: datetime.date
    writer: BulkWriter
    append: bool = False
    stream: Any = None
    rng: random.Random = field(default_factory=random.Random)
    audit: list[tuple] = field(default_factory=list)  # (at, actor_id, action, object_type, object_id, details)
    shared: dict[str, Any] = field(default_factory=dict)
    serials: Counter = field(default_factory=Counter)  # (kind, year) -> last value handed out
    summary: list[str] = field(default_factory=list)

    @property
    def start(self) -> datetime.date:
        return self.today - datetime.timedelta(days=365 * self.years)

    def progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, self.writer, self.stream)

    def audit_later(self, at, actor_id, action: str, object_type: str, object_id, details: dict | None = None) -> None:
        self.audit.append((at, actor_id, action, object_type, str(object_id), details or {}))

    def serial(self, kind: str, year: int) -> str:
        """The next serial of `kind` in `year`, continuing the numbering counter (advanced by `save_serials`)."""
        from .numbering import format_serial

        key = (kind, year)
        if key not in self.serials:
            from .models import SerialCounter

            counter = SerialCounter.objects.filter(kind=kind, year=year).first()
            self.serials[key] = counter.last_value if counter else 0
        self.serials[key] += 1
        return format_serial(kind, year, self.serials[key])

    def save_serials(self) -> None:
        """Advance the numbering counters past every serial handed out, so `next_serial` never collides."""
        from .models import SerialCounter

        for (kind, year), value in sorted(self.serials.items()):
            counter, _ = SerialCounter.objects.get_or_create(kind=kind, year=year)
            if counter.last_value < value:
                counter.last_value = value
                counter.save(update_fields=["last_value"])

    def weighted_days(self, count: int, weekend_weight: float = 0.3) -> list[datetime.date]:
        """`count` dates between `start` and `today`, weekdays more likely than weekends, sorted."""
        span = (self.today - self.start).days
        days = [self.start + datetime.timedelta(days=i) for i in range(span + 1)]
        weights = [weekend_weight if d.weekday() >= 5 else 1.0 for d in days]
        return sorted(self.rng.choices(days, weights=weights, k=count))
