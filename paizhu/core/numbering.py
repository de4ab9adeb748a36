"""Serial numbers (编号) such as `XS-2026-000123`: kind, year in Asia/Shanghai, a 6-digit sequence.

Numbers are gap-free per kind and year: `next_serial` must run inside the transaction that creates the
numbered record, and it holds the counter row's lock until that transaction ends. A creation that rolls
back gives its number back; the price is that creations of one kind in one year are serialised, for
the few milliseconds between drawing the number and committing.
"""

from django.db import transaction
from django.db.transaction import TransactionManagementError

from .calendar import shanghai_today
from .models import SerialCounter

SERIAL_KINDS: dict[str, str] = {
    "XF": "信访举报",
    "XS": "问题线索",
    "AJ": "案件",
    "ZG": "整改",
    "JY": "纪检监察建议",
}


def format_serial(kind: str, year: int, value: int) -> str:
    return f"{kind}-{year}-{value:06d}"


def next_serial(kind: str, year: int | None = None) -> str:
    """Draw the next number of `kind` for `year` (default: this year in Asia/Shanghai)."""
    if kind not in SERIAL_KINDS:
        raise ValueError(f"unknown serial kind {kind!r}: add it to SERIAL_KINDS in paizhu/core/numbering.py")
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "next_serial must run inside the transaction that creates the numbered record (gap-free numbering)"
        )
    if year is None:
        year = shanghai_today().year
    counter = _locked_counter(kind, year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return format_serial(kind, year, counter.last_value)


def _locked_counter(kind: str, year: int) -> SerialCounter:
    counters = SerialCounter.objects.select_for_update()
    counter = counters.filter(kind=kind, year=year).first()
    if counter is None:
        # INSERT ... ON CONFLICT DO NOTHING: when two transactions draw the year's first number at once,
        # the second waits for the first's row instead of failing on the unique constraint.
        SerialCounter.objects.bulk_create([SerialCounter(kind=kind, year=year)], ignore_conflicts=True)
        counter = counters.get(kind=kind, year=year)
    return counter
