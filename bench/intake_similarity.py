"""Repeat-detection lookup at 100k reports: LSH band probe vs a raw indexed lookup vs a full scan.

    .venv/bin/python bench/intake_similarity.py                      # SQLite in a temp dir
    PAIZHU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/paizhu_bench .venv/bin/python bench/intake_similarity.py

Builds N background reports with random MinHash signatures (unrelated texts: what the bulk of a real
table looks like to LSH) plus a few real near-duplicates of a query text, then times
  1. `services.similar_to` — the platform's lookup: band keys IN (...) on the (key, report) primary key,
     then Jaccard over the candidates' stored signatures;
  2. the raw SQL of step 1's index probe alone, as the floor an indexed lookup costs;
  3. a full scan: read every signature and compare (what the band index avoids).
Bounded: N defaults to 100,000 and the whole run takes well under two minutes.

    PAIZHU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_verify .venv/bin/python bench/intake_similarity.py --generated

On a database filled by `paizhu gen` instead (real boilerplate: thousands of reports share a band with a
new one), for QUERIES of the generated reports, alternating, p50 / p95:
  1. `services.similar_to` (bounded probe, repeats.py) — the platform;
  2. the lookup it replaced (every report behind every band, one signature at a time);
  3. raw SQL: the bounded probe alone, and the unbounded band probe alone;
and how many of the replaced lookup's results the platform finds too.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
N = int(os.environ.get("BENCH_REPORTS", "100000"))
REPEATS = 20

_tmp = tempfile.mkdtemp(prefix="paizhu-bench-")
os.environ.setdefault("PAIZHU_VAR_DIR", _tmp)
os.environ.setdefault("PAIZHU_DEMO", "1")
os.environ.setdefault("PAIZHU_DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "paizhu.settings"

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from paizhu.intake import services, similarity  # noqa: E402
from paizhu.intake.models import Report, ReportBand, ReportSignature  # noqa: E402

QUERY = "市教育局副局长李红梅长期公车私用，周末驾驶单位公务用车接送孩子上下学，还违规发放津补贴给科室人员。"
NEAR = [
    "我反映市教育局李红梅副局长：她经常在周末开单位的公务用车接送孩子上下学，属于公车私用，还违规发放津补贴。",
    "市教育局李红梅副局长公车私用，周末用公务用车接送孩子上下学，并给科室人员违规发放津补贴。",
    "举报市教育局副局长李红梅：长期公车私用接送孩子，违规发放津补贴，请调查。",
]
WHO = (["李红梅"], ["市教育局"])


def timed(fn, repeats=REPEATS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk insert through the driver itself (COPY on PostgreSQL): setup speed is not what we measure."""
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" * len(columns))
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)  # noqa: S608 - table and columns are our own constants


def build() -> None:
    rng = np.random.default_rng(2026)
    today = datetime.date(2026, 1, 5)
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throwaway database: no need to survive a power cut
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")
    # Bulk-load practice: build the secondary index once after the rows, not row by row.
    (index,) = ReportBand._meta.indexes
    with connection.schema_editor() as editor:
        editor.remove_index(ReportBand, index)
    with transaction.atomic():
        template = Report(serial="", channel="letter", received_on=today, facts="背景举报")
        fields = [f for f in Report._meta.concrete_fields if not f.primary_key]
        values = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields]
        serial_at = [f.name for f in fields].index("serial")
        _insert(
            Report._meta.db_table,
            tuple(f.column for f in fields),
            [(*values[:serial_at], f"XF-B-{i:07d}", *values[serial_at + 1 :]) for i in range(N + len(NEAR))],
        )
        ids = list(Report.objects.order_by("pk").values_list("pk", flat=True))
        print(f"  reports inserted: {time.perf_counter() - started:.1f} s")
        sigs = [similarity.Signature(rng.integers(0, 2**63, similarity.NUM_PERM, dtype=np.uint64)) for _ in range(N)]
        sigs += [similarity.signature(text, *WHO) for text in NEAR]
        signature_rows = [(pk, sig.to_bytes()) for pk, sig in zip(ids, sigs, strict=True)]
        # Inserted in key order, the primary-key B-tree is appended to instead of split at random.
        band_rows = sorted((k, pk) for pk, sig in zip(ids, sigs, strict=True) for k in sig.band_keys())
        print(f"  signatures and band keys computed: {time.perf_counter() - started:.1f} s")
        _insert(ReportSignature._meta.db_table, ("report_id", "minhash"), signature_rows)
        print(f"  signatures inserted: {time.perf_counter() - started:.1f} s")
        _insert(ReportBand._meta.db_table, ("key", "report_id"), band_rows)
        rows = band_rows
    with connection.schema_editor() as editor:
        editor.add_index(ReportBand, index)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"built {N:,} reports, {len(rows):,} band rows in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )


def replaced_similar_to(sig, queryset, exclude_pk, limit=10):
    """services.similar_to before repeats.py: every candidate's signature, scored one by one."""
    candidate_ids = ReportBand.objects.filter(key__in=sig.band_keys()).values("report_id")
    rows = ReportSignature.objects.filter(report__in=queryset.filter(pk__in=candidate_ids)).exclude(
        report_id=exclude_pk
    )
    scored = []
    for report_id, data in rows.values_list("report_id", "minhash"):
        score = sig.jaccard(similarity.Signature.from_bytes(data))
        if score >= similarity.SHOW_THRESHOLD:
            scored.append((report_id, score))
    scored.sort(key=lambda item: -item[1])
    reports = queryset.in_bulk([rid for rid, _ in scored[:limit]])
    return [(reports[rid], score) for rid, score in scored[:limit] if rid in reports]


def generated(queries: int = 50) -> None:
    from paizhu.intake import repeats

    total = Report.objects.count()
    bands = ReportBand.objects.count()
    step = max(1, total // queries)
    picks = list(ReportSignature.objects.order_by("-report_id").values_list("report_id", "minhash")[::step][:queries])
    print(f"{total:,} generated reports, {bands:,} band rows, {len(picks)} query reports ({connection.vendor})")
    scope = Report.objects.all()
    times = {"platform": [], "replaced": [], "bounded": [], "unbounded": []}
    found_too = shown = 0
    unbounded = f"SELECT DISTINCT report_id FROM {ReportBand._meta.db_table} WHERE key = ANY(%s)"  # noqa: S608
    for pk, data in picks:
        sig = similarity.Signature.from_bytes(data)
        keys = sig.band_keys()
        for name, fn in [
            ("platform", lambda sig=sig, pk=pk: services.similar_to(sig, scope, exclude_pk=pk)),
            ("replaced", lambda sig=sig, pk=pk: replaced_similar_to(sig, scope, pk)),
            ("bounded", lambda sig=sig, pk=pk: repeats.candidate_ids(sig, exclude_pk=pk)),
            (
                "unbounded",
                lambda keys=keys: _raw(unbounded, [keys]),
            ),
        ]:
            start = time.perf_counter()
            result = fn()
            times[name].append((time.perf_counter() - start) * 1000)
            if name == "platform":
                platform = {r.pk for r, _ in result}
            elif name == "replaced":
                shown += len(result)
                found_too += sum(1 for r, _ in result if r.pk in platform)
    for name, label in [
        ("platform", "1. similar_to (bounded probe + numpy Jaccard)"),
        ("replaced", "2. replaced similar_to (every candidate)"),
        ("bounded", "3a. raw SQL, bounded probe alone"),
        ("unbounded", "3b. raw SQL, unbounded band probe alone"),
    ]:
        values = sorted(times[name])
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{label:48} p50 {statistics.median(values):7.1f} ms  p95 {p95:7.1f} ms")
    print(f"of the replaced lookup's {shown} results (top 10 each), the platform also shows {found_too}")
    # Recall where it matters: generated repeats (in other words) and the original they repeat.
    repeats_of = list(
        Report.objects.filter(duplicate_of__isnull=False, signature__isnull=False)
        .order_by("-pk")
        .values_list("pk", "duplicate_of_id", "signature__minhash")[:: max(1, step // 10)][:queries]
    )
    hits = {"platform": 0, "replaced": 0}
    for pk, original, data in repeats_of:
        sig = similarity.Signature.from_bytes(data)
        hits["platform"] += original in {r.pk for r, _ in services.similar_to(sig, scope, exclude_pk=pk)}
        hits["replaced"] += original in {r.pk for r, _ in replaced_similar_to(sig, scope, pk)}
    print(
        f"generated repeats whose original is among the 10 shown: platform {hits['platform']}/{len(repeats_of)}, "
        f"replaced lookup {hits['replaced']}/{len(repeats_of)}"
    )


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def main() -> None:
    if "--generated" in sys.argv:
        generated()
        return
    call_command("migrate", verbosity=0)
    build()
    query = similarity.signature(QUERY, *WHO)
    keys = query.band_keys()
    scope = Report.objects.all()

    ms, found = timed(lambda: services.similar_to(query, scope, limit=10))
    print(
        f"1. similar_to (band probe + Jaccard):   {ms:7.2f} ms median, found {len(found)}: "
        + ", ".join(f"{r.serial} {s:.2f}" for r, s in found)
    )

    placeholders = ", ".join(["%s"] * len(keys))
    sql = f"SELECT DISTINCT report_id FROM {ReportBand._meta.db_table} WHERE key IN ({placeholders})"  # noqa: S608 - placeholders only

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, keys)
            return cursor.fetchall()

    ms_raw, rows = timed(raw)
    print(f"2. raw SQL band-index probe only:       {ms_raw:7.2f} ms median, {len(rows)} candidates")
    with connection.cursor() as cursor:
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(explain + sql, keys)
        print("   plan:", " | ".join(str(r[-1]) for r in cursor.fetchall()))

    def scan():
        best = []
        for pk, data in ReportSignature.objects.values_list("report_id", "minhash").iterator(chunk_size=10_000):
            score = query.jaccard(similarity.Signature.from_bytes(data))
            if score >= similarity.SHOW_THRESHOLD:
                best.append((pk, score))
        return best

    ms_scan, scanned = timed(scan, repeats=2)
    print(f"3. full scan of all signatures:         {ms_scan:7.0f} ms median, found {len(scanned)}")
    assert {r.serial for r, _ in found} >= {f"XF-B-{N + i:07d}" for i in range(len(NEAR))}, (
        "a planted repeat was missed"
    )


if __name__ == "__main__":
    main()
