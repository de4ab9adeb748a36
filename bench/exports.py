# ruff: noqa: S102, S603, S607 - runs this repository's own code at a revision the operator names (git show)
"""The ledger exports on the demo data (`make demo` database, or PAIZHU_DATABASE_URL): server time per file.

    PAIZHU_DEMO=1 .venv/bin/python bench/exports.py            # the demo SQLite in var/
    PAIZHU_DEMO=1 .venv/bin/python bench/exports.py --profile  # plus the top of a cProfile of the intake export
    PAIZHU_DEMO=1 .venv/bin/python bench/exports.py --against REV  # the intake export at git REV and now, alternately

Times, for the commission-wide roles (信访室: every report; 案管室: every clue; 审理室: its cases), the
service call the export view makes (query, audit entry, building the workbook), median of 5 runs, in
wall-clock and CPU time, with the file size. Writes audit entries (one per run), like real exports.
"""

import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PAIZHU_DEMO", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "paizhu.settings"

import django  # noqa: E402

django.setup()

from paizhu.accounts.models import User  # noqa: E402
from paizhu.clues import exports as clue_exports  # noqa: E402
from paizhu.clues import queries as clue_queries  # noqa: E402
from paizhu.intake import exports as intake_exports  # noqa: E402

RUNS = 5
ROOT = Path(__file__).resolve().parents[1]


def module_at(rev: str, module) -> types.ModuleType:
    """`module` as it was at git `rev`, in its package (relative imports resolve to today's siblings)."""
    path = Path(module.__file__).resolve().relative_to(ROOT)
    source = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True)
    old = types.ModuleType(f"{module.__name__}_at_{rev}")
    old.__package__ = module.__package__
    exec(compile(source.stdout, f"{rev}:{path}", "exec"), old.__dict__)
    return old


def alternately(label, calls):
    """Each of `calls` ({name: call}) once per run, in turn, so that the machine's load weighs on all alike."""
    cpus: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(RUNS):
        for name, call in calls.items():
            cpu = time.process_time()
            call()
            cpus[name].append(time.process_time() - cpu)
    for name, times in cpus.items():
        shown = " ".join(f"{t:.3f}" for t in times)
        print(f"{label} {name:<12} cpu median {statistics.median(times):6.3f} s (runs: {shown})")


def timed(label, call):
    # CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours
    # (SQLite runs in this process, so its work is in the CPU time too).
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        _, content = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(
        f"{label:<24} wall median {statistics.median(walls):6.3f} s (min {min(walls):.3f})"
        f"  cpu median {statistics.median(cpus):6.3f} s (min {min(cpus):.3f})  {len(content) // 1024} KB"
    )


def main():
    xinfang = User.objects.get(username="xinfang")
    anguan = User.objects.get(username="anguan")
    shenli = User.objects.get(username="shenli")
    reports = intake_exports.queries.filtered(xinfang, {}, "export")[0].count()
    timed(f"信访举报（{reports} 件）", lambda: intake_exports.export_reports(xinfang, {}))
    filters = clue_queries.ClueFilters.from_params({}) if hasattr(clue_queries.ClueFilters, "from_params") else None
    if filters is not None:
        timed("问题线索台账", lambda: clue_exports.export_clues(anguan, filters))
    timed("案件", lambda: clue_exports.export_cases(shenli))
    if "--against" in sys.argv:
        rev = sys.argv[sys.argv.index("--against") + 1]
        old = module_at(rev, intake_exports)
        alternately(
            "信访举报",
            {rev: lambda: old.export_reports(xinfang, {}), "now": lambda: intake_exports.export_reports(xinfang, {})},
        )
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(intake_exports.export_reports, xinfang, {})
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
