"""Recomputing the chain range by range, in worker processes when it is long.

Every entry stores its prev_hash, so entries lo..hi can be checked without reading the ones before:
the range starts from the stored hash of entry lo-1, which the range before it recomputes. Ranges are
checked in parallel and their outcomes read in order, so the first range that fails names the same
entry and the same problem a single pass from entry 1 would: every entry before it has passed.

Rows are read with plain SQL (PostgreSQL: streamed by COPY; SQLite: a cursor in chunks): the ORM's per-row
conversions (Django's Python-level time zone loader above all) cost more than SM3 itself at millions
of entries. This module imports no model at import time: worker processes load it before Django is set up.
"""

import datetime
import json
import math
import multiprocessing
from collections.abc import Generator, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass

import orjson
from django.db import connection, transaction
from psycopg.types.datetime import TimestamptzLoader

from . import chain

PARALLEL_FROM = 200_000  # below this many entries, starting worker processes costs more than it saves
RANGES_PER_WORKER = 4  # a little more ranges than workers: one slow range holds up no one for long
TABLE = "audit_auditentry"
COLUMNS = (
    "seq, canon, at, actor_id, actor_name, role, action, object_type, object_id, client_address, "
    "details, details_digest, prev_hash, hash"
)

MISSING = "记录缺失或序号被改动（应为序号 {expected}，实际下一条为序号 {seq}）"
CUT_OFF = "链头记录共 {head} 条，但序号 {expected} 起的记录缺失"
PREV_HASH = "前序哈希与上一条记录的哈希不一致（记录被删除、插入或调换顺序）"
DETAILS = "详情内容与详情摘要不一致（详情被改动）"
FIELDS = "记录内容与哈希不一致（时间、操作人、操作、对象等字段被改动）"


@dataclass(frozen=True)
class RangeOutcome:
    """What checking entries first..last found: all good up to `last_hash`, or the first broken entry."""

    last_hash: str
    broken_seq: int | None = None
    problem: str = ""


def ranges(head_seq: int, workers: int, range_size: int | None = None) -> list[tuple[int, int]]:
    """The seq ranges to check: one for a short chain or a single worker, else a few per worker."""
    if range_size is None:
        if workers <= 1 or head_seq < PARALLEL_FROM:
            return [(1, head_seq)]
        range_size = math.ceil(head_seq / (workers * RANGES_PER_WORKER))
    return [(lo, min(lo + range_size - 1, head_seq)) for lo in range(1, head_seq + 1, range_size)] or [(1, head_seq)]


def outcomes(spans: list[tuple[int, int]], head_seq: int, chunk_size: int, workers: int) -> Iterator[RangeOutcome]:
    """Each range's outcome in seq order, stopping after the first broken one.

    In `workers` processes, each with its own connection, when there is more than one range and the
    database can be reached from another process (not an in-memory SQLite database).
    """
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]  # SQLite's own
    if workers <= 1 or len(spans) <= 1 or in_memory:
        for first, last in spans:
            outcome = verify_range(first, last, head_seq, chunk_size)
            yield outcome
            if outcome.broken_seq is not None:
                return
        return
    # Spawned, not forked: a forked child would share (and on exit close) the parent's database socket.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(workers, len(spans)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(dict(connection.settings_dict),),
    ) as pool:
        futures = [pool.submit(verify_range, first, last, head_seq, chunk_size) for first, last in spans]
        for future in futures:
            outcome = future.result()
            yield outcome
            if outcome.broken_seq is not None:
                for later in futures:
                    later.cancel()
                return


def _start_worker(database: dict) -> None:
    import django

    django.setup()
    connection.settings_dict = database  # the parent's database: under the test runner, the test database


def verify_range(first: int, last: int, head_seq: int, chunk_size: int) -> RangeOutcome:
    """Recompute entries first..last (from the lowest seq at all when first is 1), as a pass from entry 1 would."""
    # A deleted entry just before the range: "" matches no stored hash (and the range before reports the gap).
    prev_hash = chain.GENESIS_HASH if first == 1 else _stored_hash(first - 1) or ""
    expected = first
    with closing(_rows(first, last, chunk_size)) as rows:  # an early return ends the cursor's transaction too
        for row in rows:
            seq, canon, at, actor_id, actor_name, role, action, object_type, object_id, address, details = row[:11]
            digest, stored_prev, stored_hash = row[11:]
            if seq != expected:
                return RangeOutcome(prev_hash, expected, MISSING.format(expected=expected, seq=seq))
            if stored_prev != prev_hash:
                return RangeOutcome(prev_hash, expected, PREV_HASH)
            if _digest(details) != digest and _digest_by_definition(details) != digest:
                return RangeOutcome(prev_hash, expected, DETAILS)
            try:
                fields = chain.entry_bytes(
                    canon, seq, at, actor_id, actor_name, role, action, object_type, object_id, address, digest
                )
            except (ValueError, TypeError, AttributeError):  # a form no writer uses, a time that is no time
                return RangeOutcome(prev_hash, expected, FIELDS)
            if chain.sm3_hex(stored_prev.encode() + fields) != stored_hash:
                return RangeOutcome(prev_hash, expected, FIELDS)
            prev_hash = stored_hash
            expected += 1
    if expected <= last:
        following = _next_seq(expected - 1, head_seq)
        if following is None:
            return RangeOutcome(prev_hash, expected, CUT_OFF.format(head=head_seq, expected=expected))
        return RangeOutcome(prev_hash, expected, MISSING.format(expected=expected, seq=following))
    return RangeOutcome(prev_hash)


def _digest(details_text: str) -> str:
    try:
        return chain.details_digest(orjson.loads(details_text))
    except orjson.JSONDecodeError:
        return ""


def _digest_by_definition(details_text: str) -> str:
    # The standard library from the text up: orjson reads an integer beyond 64 bits as a float.
    try:
        return chain.details_digest_stdlib(json.loads(details_text))
    except ValueError:  # not JSON at all (SQLite keeps whatever text it is given)
        return ""


# What COPY hands over, column by column (details as its JSON text, the address as PostgreSQL prints it).
COPY_TYPES = (
    "int8", "int2", "timestamptz", "int8", "text", "text", "text", "text", "text", "text",
    "text", "text", "text", "text",
)  # fmt: skip
READER = "copy"  # on PostgreSQL; "cursor" reads through a server-side cursor instead (bench/audit_verify.py)


def _rows(first: int, last: int, chunk_size: int) -> Generator[tuple]:
    """The entries first..last in seq order as tuples of COLUMNS, details as JSON text, `at` an aware datetime.

    On PostgreSQL by `COPY (SELECT ...) TO STDOUT`: the server streams the rows without the cursor's
    round trip per chunk, and psycopg parses them in C with the loaders named in COPY_TYPES.
    """
    where, params = ("seq <= %s", [last]) if first == 1 else ("seq >= %s AND seq <= %s", [first, last])
    sql = f"SELECT {COLUMNS} FROM {TABLE} WHERE {where} ORDER BY seq"  # noqa: S608 - constants only
    if connection.vendor == "postgresql" and READER == "copy":
        yield from _copied_rows(sql, params)
        return
    with transaction.atomic():  # a server-side cursor lives inside a transaction
        if connection.vendor == "postgresql":
            with connection.connection.cursor(name="audit_verify_range") as cursor:
                # psycopg's own loader in C, not Django's Python subclass: a third of the reading time.
                cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
                cursor.execute(sql, params)
                while rows := cursor.fetchmany(chunk_size):
                    yield from rows
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                while rows := cursor.fetchmany(chunk_size):
                    for row in rows:
                        yield (*row[:2], _sqlite_time(row[2]), *row[3:])


def _copied_rows(sql: str, params: list) -> Generator[tuple]:
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        with cursor.copy(f"COPY ({sql}) TO STDOUT", params) as copy:  # parameters bound on the client
            copy.set_types(COPY_TYPES)
            while (row := copy.read_row()) is not None:
                yield row


def _sqlite_time(value) -> datetime.datetime | str:
    # Django's SQLite connection hands back the stored UTC time as a naive datetime (its declared-type converter).
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=datetime.UTC)
    try:
        return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    except (TypeError, ValueError):
        return value  # not a time: the entry's hash will say so


def _stored_hash(seq: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT hash FROM {TABLE} WHERE seq = %s", [seq])  # noqa: S608 - constants only
        row = cursor.fetchone()
    return row[0] if row else None


def _next_seq(after: int, head_seq: int) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(seq) FROM {TABLE} WHERE seq > %s AND seq <= %s", [after, head_seq])  # noqa: S608
        return cursor.fetchone()[0]
