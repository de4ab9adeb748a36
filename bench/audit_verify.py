"""`paizhu audit verify` against raw SM3 of the same bytes, for each canonical form, in one run.

    createdb -h 127.0.0.1 -U postgres bench_verify
    export PAIZHU_DEMO=1 PAIZHU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_verify
    .venv/bin/paizhu migrate && .venv/bin/paizhu gen --reports 100000 --clues 100000 --years 3
    .venv/bin/python bench/audit_verify.py [--workers 2] [--runs 3]

On a chain filled by `paizhu gen` (entries of form 1 where it was generated before migration
audit.0005, of form 2 after). Per form's seq range, alternating within each run:
  1. the verifier in one process (`verification.verify_range`; reading by COPY, and by the server-side
     cursor it read with before), and in `--workers` processes
     (`verification.outcomes`, worker start-up included);
  2. the pass the verifier replaced (ORM rows, standard-library JSON, `hashlib.new` per message), for form 1;
  3. raw SM3 of the very bytes the verifier hashes (details' canonical JSON and prev_hash || entry), held
     in memory and hashed in one process with the verifier's own SM3 call — the floor of any verifier.
Rates are entries per second and MB/s of hashed bytes; "verify / raw" is the verifier's rate over the raw one.
"""

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paizhu.settings")

import django  # noqa: E402

django.setup()

import orjson  # noqa: E402
from django.db import connection  # noqa: E402

from paizhu.audit import chain, verification  # noqa: E402
from paizhu.audit.models import AuditEntry, AuditHead  # noqa: E402


def form_ranges(head_seq: int) -> list[tuple[int, int, int]]:
    """(form, first seq, last seq) of each run of entries of one form."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT canon, MIN(seq), MAX(seq) FROM audit_auditentry WHERE seq <= %s GROUP BY canon ORDER BY 2",
            [head_seq],
        )
        return cursor.fetchall()


def hashed_bytes(first: int, last: int) -> list[bytes]:
    """Every message the verifier hashes for entries first..last, in its order."""
    messages = []
    for row in verification._rows(first, last, 5000):
        seq, canon, at, actor_id, actor_name, role, action, object_type, object_id, address, details, digest = row[:12]
        messages.append(chain.canonical_bytes(orjson.loads(details)))
        fields = chain.entry_bytes(
            canon, seq, at, actor_id, actor_name, role, action, object_type, object_id, address, digest
        )
        messages.append(row[12].encode() + fields)
    return messages


def raw_sm3(messages: list[bytes]) -> float:
    start = time.perf_counter()
    for message in messages:
        chain.sm3_hex(message)
    return time.perf_counter() - start


def verify_one_process(first: int, last: int, head_seq: int) -> float:
    start = time.perf_counter()
    outcome = verification.verify_range(first, last, head_seq, 5000)
    elapsed = time.perf_counter() - start
    assert outcome.broken_seq is None, outcome
    return elapsed


def verify_by_cursor(first: int, last: int, head_seq: int) -> float:
    """The verifier reading through a server-side cursor in chunks (before COPY)."""
    saved, verification.READER = verification.READER, "cursor"
    try:
        return verify_one_process(first, last, head_seq)
    finally:
        verification.READER = saved


def verify_in_workers(first: int, last: int, head_seq: int, workers: int) -> float:
    size = -(-(last - first + 1) // (workers * verification.RANGES_PER_WORKER))
    spans = [(lo, min(lo + size - 1, last)) for lo in range(first, last + 1, size)]
    start = time.perf_counter()
    for outcome in verification.outcomes(spans, head_seq, 5000, workers):
        assert outcome.broken_seq is None, outcome
    return time.perf_counter() - start


def replaced_pass(first: int, last: int) -> float:
    """The loop `verify_chain` ran before ranges and form 2 (commit 9f33cb9), for entries of form 1."""

    def sm3(data: bytes) -> str:
        return hashlib.new("sm3", data).hexdigest()

    def canonical(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)

    fields = ("seq", "at", "actor_id", "actor_name", "role", "action", "object_type", "object_id")
    rows = (
        AuditEntry.objects.filter(seq__gte=first, seq__lte=last)
        .order_by("seq")
        .values_list(*fields, "client_address", "details", "details_digest", "prev_hash", "hash", named=True)
        .iterator(chunk_size=5000)
    )
    start = time.perf_counter()
    for e in rows:
        assert sm3(canonical(e.details).encode()) == e.details_digest
        line = canonical(
            [e.seq, e.at.isoformat(timespec="microseconds"), e.actor_id, e.actor_name, e.role, e.action]
            + [e.object_type, e.object_id, e.client_address, e.details_digest]
        )
        assert sm3((e.prev_hash + line).encode()) == e.hash
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--entries", type=int, default=None, help="only the first N entries of each form")
    args = parser.parse_args()
    head = AuditHead.objects.get(pk=1)
    print(f"chain: {head.last_seq:,} entries; {connection.vendor}; {args.workers} workers; {args.runs} runs")
    rows = []
    for form, first, last in form_ranges(head.last_seq):
        if args.entries:
            last = min(last, first + args.entries - 1)
        count = last - first + 1
        messages = hashed_bytes(first, last)
        size = sum(map(len, messages))
        times = {"one": [], "cursor": [], "workers": [], "raw": [], "replaced": []}
        for _ in range(args.runs):
            times["one"].append(verify_one_process(first, last, head.last_seq))
            times["raw"].append(raw_sm3(messages))
            times["cursor"].append(verify_by_cursor(first, last, head.last_seq))
            times["workers"].append(verify_in_workers(first, last, head.last_seq, args.workers))
            if form == chain.CANON_JSON_V1:
                times["replaced"].append(replaced_pass(first, last))
        del messages
        median = {k: statistics.median(v) for k, v in times.items() if v}
        rows.append((form, first, last, count, size, median))

        def rate(seconds: float, count=count, size=size) -> str:
            return f"{count / seconds:,.0f} /s, {size / seconds / 1e6:.1f} MB/s ({seconds:.1f} s)"

        print(f"\nform {form}: seq {first:,}-{last:,}, {count:,} entries, {size / 1e6:.0f} MB hashed")
        for key, label in [
            ("replaced", "replaced pass (ORM, stdlib JSON)"),
            ("cursor", "verify, 1 process, cursor (before)"),
            ("one", "verify, 1 process, COPY"),
            ("workers", f"verify, {args.workers} processes"),
            ("raw", "raw SM3, same bytes"),
        ]:
            if key in median:
                print(f"  {label:34} {rate(median[key])}  verify/raw {median['raw'] / median[key]:.0%}")
    print(
        "\n| 形式 | 条数 | 被哈希字节 | 原校验（ORM、标准库 JSON） | 校验，1 进程，游标读取（改前） | 校验，1 进程，COPY | 校验，"
        + f"{args.workers} 进程 | 原始 SM3（同样字节，1 进程） | 校验 / 原始 SM3 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for form, _first, _last, count, size, median in rows:
        cells = []
        for key in ("replaced", "cursor", "one", "workers", "raw"):
            seconds = median.get(key)
            cells.append(f"{count / seconds:,.0f} 条/秒，{size / seconds / 1e6:.1f} MB/s" if seconds else "—")
        ratios = f"{median['raw'] / median['one']:.0%}（1 进程），{median['raw'] / median['workers']:.0%}（{args.workers} 进程）"
        print(f"| {form} | {count:,} | {size / 1e6:.0f} MB | " + " | ".join(cells) + f" | {ratios} |")


if __name__ == "__main__":
    main()
