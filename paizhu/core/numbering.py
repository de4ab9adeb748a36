"""Serial numbers (编号) such as `XS-2026-000123`: kind, year in Asia/Shanghai, a 6-digit sequence.

Numbers are gap-free per kind and year: `next_serial` must run inside the transaction that creates the
numbered record, and it holds the counter row's lock until that transaction ends. A creation that rolls
back gives its number back; the price is that creations of one kind in one year are serialised, for
the few milliseconds between drawing the number and committing.
"""

import re

from django.db import transaction
from django.db.transaction import TransactionManagementError

from .calendar import shanghai_today
from .models import SerialCounter

# Kind -> Chinese label, declared by the apps that number their records (`register` in AppConfig.ready()).
SERIAL_KINDS: dict[str, str] = {}

_KIND = re.compile(r"[A-Z]{2,4}")


def register(kind: str, label: str) -> None:
    """Declare a serial kind (its prefix, e.g. "XS") and what it numbers; a prefix belongs to one kind of record."""
    if not _KIND.fullmatch(kind):
        raise ValueError(f"serial kind {kind!r} must be 2-4 capital letters")
    if SERIAL_KINDS.get(kind, label) != label:
        raise ValueError(f"serial kind {kind!r} is already {SERIAL_KINDS[kind]}")
    SERIAL_KINDS[kind] = label


def _require_known(kind: str) -> None:
    if kind not in SERIAL_KINDS:
        raise ValueError(f"unknown serial kind {kind!r}: declare it with numbering.register in the app's ready()")


def format_serial(kind: str, year: int, value: int) -> str:
    _require_known(kind)
    return f"{kind}-{year}-{value:06d}"


def next_serial(kind: str, year: int | None = None) -> str:
    """Draw the next number of `kind` for `year` (default: this year in Asia/Shanghai)."""
    _require_known(kind)
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "next_serial must run inside the transaction that creates the numbered record (gap-free numbering)"
        )
    if year is None:
        year = shanghai_today().year
    return format_serial(kind, year, draw(kind, year))


def draw(key: str, year: int) -> int:
    """The next value of the counter `key` for `year`, locked until the caller's transaction ends.

    For other registers than serials (the 文号 of issued documents, `workflow.documents`), whose keys must
    not look like a serial kind; `next_serial` checks its own.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("a number must be drawn inside the transaction that records it (gap-free)")
    counter = _locked_counter(key, year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def _locked_counter(kind: str, year: int) -> SerialCounter:
    counters = SerialCounter.objects.select_for_update()
    counter = counters.filter(kind=kind, year=year).first()
    if counter is None:
        # INSERT ... ON CONFLICT DO NOTHING: when two transactions draw the year's first number at once,
        # the second waits for the first's row instead of failing on the unique constraint.
        SerialCounter.objects.bulk_create([SerialCounter(kind=kind, year=year)], ignore_conflicts=True)
        counter = counters.get(kind=kind, year=year)
    return counter
