# ruff: noqa: S608 - SQL built from catalog names and integers of this script
"""Multiply a `paizhu gen` database in SQL: every generated clue and report (with its rows) copied N-1 times.

    .venv/bin/python bench/replicate.py --times 20 [--url postgres://postgres@127.0.0.1:5432/paizhu_bench]

Why: `paizhu gen` writes 20,000-45,000 rows/s on a free core, but its stories and the SM3 chain are Python;
on the shared 2-core machine of this project (load average 6-12, the generator getting a third of a core) a
real 1,000,000 + 1,000,000 run (about 75 M rows) takes hours. The server copies rows far faster. So: generate
a base (e.g. 50,000 + 50,000) with `paizhu gen`, then copy it here. Each copy k = 1..N-1 of a clue or report
keeps every column (unit, group, dates, states, texts, subjects, handlers, timeline, approvals, case, search
tokens, signature and similarity bands) and gets new keys (id + k * max id), its serial renumbered
(number + k * the year's counter, so every serial stays unique and the counters are advanced past them), and
its references (duplicate_of, approvals' and search entries' object ids, the case's clue, talks' case) moved
with it. What that means for a benchmark:

- the distributions per group, unit, status and date are the base's exactly; each base matter has N-1
  twins (same received date, same texts) — a repeat probe finds the twins of a report as equally similar;
- the search entries keep the base's tokens (a clone's own serial is not searchable);
- the audit chain is **not** copied (it is one hash chain; copies would break `audit verify`): the audit
  table keeps the base's entries.

Runs in one transaction; the foreign-key triggers are skipped (`session_replication_role = replica`, the rows
point at each other by construction), the tables' plain indexes (and the band table's primary key) dropped
and built again at the end, then VACUUM ANALYZE (index-only scans need the visibility map).
"""

import argparse
import os
import sys
import time

import psycopg

DEFAULT_URL = os.environ.get("PAIZHU_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/paizhu_bench")

# table -> how its rows follow their matter: (column, "clue" | "report" | "case") pairs to shift;
# "id" listed when other rows point at it (kept and shifted), otherwise the id is left to its identity.
TABLES: list[tuple[str, list[tuple[str, str]]]] = [
    ("clues_clue", [("id", "clue")]),
    ("clues_clue_subjects", [("clue_id", "clue")]),
    ("clues_clue_handlers", [("clue_id", "clue")]),
    ("clues_clueevent", [("clue_id", "clue")]),
    ("clues_case", [("id", "case"), ("clue_id", "clue")]),
    ("clues_reviewtalk", [("case_id", "case")]),
    ("intake_report", [("id", "report"), ("duplicate_of_id", "report")]),
    ("intake_report_subjects", [("report_id", "report")]),
    ("intake_reportedname", [("report_id", "report")]),
    ("intake_reportevent", [("report_id", "report")]),
    ("intake_feedback", [("report_id", "report")]),
    ("intake_reportsignature", [("report_id", "report")]),
    ("intake_reportband", [("report_id", "report")]),
]
SERIALS = {"clues_clue": "XS", "clues_case": "AJ", "intake_report": "XF"}
BY_CONTENT_TYPE = {"workflow_approval": "object_id", "core_searchentry": "object_id"}  # generic references
KINDS = {("clues", "clue"): "clue", ("clues", "case"): "case", ("intake", "report"): "report"}


def columns(cur, table: str) -> list[tuple[str, bool]]:
    """(column, is an identity column) in table order."""
    cur.execute(
        "SELECT column_name, is_identity = 'YES' FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        [table],
    )
    return cur.fetchall()


def drop_indexes(cur, table: str) -> list[str]:
    """Drop the plain secondary indexes (and the band table's primary key); return what rebuilds them."""
    cur.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        [table],
    )
    rebuild = []
    for name, definition in cur.fetchall():
        cur.execute(f'DROP INDEX "{name}"')
        rebuild.append(definition)
    if table == "intake_reportband":
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
            [table],
        )
        for name, definition in cur.fetchall():
            cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    return rebuild


def renumbered(kind: str) -> str:
    """The serial of copy k: the number moved past k times the year's counter (digits kept at six or more)."""
    number = f"(split_part(t.serial, '-', 3)::int + k * sc_{kind}.last_value)::text"
    return f"split_part(t.serial, '-', 1) || '-' || split_part(t.serial, '-', 2) || '-' || lpad({number}, greatest(6, length({number})), '0')"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, required=True, help="the base and N-1 copies: N times the matters")
    parser.add_argument("--url", default=DEFAULT_URL)
    args = parser.parse_args()
    if args.url.rstrip("/").endswith("/test"):
        sys.exit("不要在 test 数据库上运行。")
    copies = args.times - 1
    if copies < 1:
        sys.exit("--times 至少为 2")
    started = time.perf_counter()
    with psycopg.connect(args.url) as conn, conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SELECT count(*) FROM audit_auditentry")
        cur.execute(
            "SELECT (SELECT max(id) FROM clues_clue), (SELECT max(id) FROM intake_report), "
            "(SELECT coalesce(max(id), 0) FROM clues_case)"
        )
        clue_max, report_max, case_max = cur.fetchone()
        if clue_max is None or report_max is None:
            sys.exit("库中没有线索或举报：先用 paizhu gen 生成基础数据。")
        span = {"clue": clue_max, "report": report_max, "case": case_max}
        cur.execute("SELECT app_label, model, id FROM django_content_type")
        content_types = {KINDS[(a, m)]: i for a, m, i in cur.fetchall() if (a, m) in KINDS}
        rebuild: list[str] = []
        for table, _ in TABLES:
            rebuild += drop_indexes(cur, table)
        for table in BY_CONTENT_TYPE:
            rebuild += drop_indexes(cur, table)
        for table, shifted in TABLES:
            shift = dict(shifted)
            names, values = [], []
            for name, identity in columns(cur, table):
                if identity and name not in shift:
                    continue  # nobody points at it: the identity numbers the copy
                names.append(f'"{name}"')
                if name in shift:
                    values.append(f"t.{name} + k * {span[shift[name]]}")
                elif name == "serial" and table in SERIALS:
                    values.append(renumbered(SERIALS[table]))
                else:
                    values.append(f't."{name}"')
            joins = ""
            if table in SERIALS:
                kind = SERIALS[table]
                joins = (
                    f" JOIN core_serialcounter sc_{kind} ON sc_{kind}.kind = '{kind}'"
                    f" AND sc_{kind}.year = split_part(t.serial, '-', 2)::int"
                )
            base = shifted[0][0]
            sql = (
                f'INSERT INTO "{table}" ({", ".join(names)}) SELECT {", ".join(values)} FROM "{table}" t{joins} '
                f"CROSS JOIN generate_series(1, {copies}) k WHERE t.{base} <= {span[shift[base]]}"
            )
            tick = time.perf_counter()
            cur.execute(sql)
            print(f"{table}: +{cur.rowcount:,} 行（{time.perf_counter() - tick:.0f} s）", flush=True)
        for table, column in BY_CONTENT_TYPE.items():
            names = [f'"{n}"' for n, identity in columns(cur, table) if not identity]
            values = [
                "t.object_id + k * (CASE t.content_type_id "
                + " ".join(f"WHEN {content_types[k]} THEN {span[k]}" for k in content_types)
                + " END)"
                if n == f'"{column}"'
                else f"t.{n}"
                for n in names
            ]
            known = ", ".join(str(content_types[k]) for k in content_types)
            limits = " OR ".join(
                f"(t.content_type_id = {content_types[k]} AND t.object_id <= {span[k]})" for k in content_types
            )
            tick = time.perf_counter()
            cur.execute(
                f'INSERT INTO "{table}" ({", ".join(names)}) SELECT {", ".join(values)} FROM "{table}" t '
                f"CROSS JOIN generate_series(1, {copies}) k WHERE t.content_type_id IN ({known}) AND ({limits})"
            )
            print(f"{table}: +{cur.rowcount:,} 行（{time.perf_counter() - tick:.0f} s）", flush=True)
        # Counters past every serial handed out; sequences past every key.
        cur.execute(
            f"UPDATE core_serialcounter SET last_value = last_value * {args.times} WHERE kind IN ('XS', 'AJ', 'XF')"
        )
        for table in ("clues_clue", "clues_case", "intake_report"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM \"{table}\"))")
        for statement in rebuild:
            tick = time.perf_counter()
            cur.execute(statement)
            print(f"{statement[:90]}…（{time.perf_counter() - tick:.0f} s）", flush=True)
        conn.commit()
    with psycopg.connect(args.url, autocommit=True) as conn:
        for table in [t for t, _ in TABLES] + list(BY_CONTENT_TYPE):
            conn.execute(f'VACUUM ANALYZE "{table}"')
        conn.execute("ANALYZE")
    print(f"完成：{args.times} 倍，用时 {time.perf_counter() - started:,.0f} s")


if __name__ == "__main__":
    main()
