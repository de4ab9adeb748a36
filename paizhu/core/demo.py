"""The demo city: a registry of per-app loaders and the runner behind `paizhu demo`.

Each app may have a `demo.py` exposing `load(ctx) -> str | None`. A loader writes its kind of data
through the app's services, fills `ctx` with what later loaders need, and returns a Chinese summary
line — or None when its data is already present, in which case it still fills `ctx` from the
database, so that running the demo again adds nothing and later loaders find what they need.
"""

import importlib
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import transaction

from . import search

SEED = 2026

# The order loaders run in; a module that does not exist yet is skipped.
LOADERS: tuple[str, ...] = (
    "paizhu.org.demo",
    "paizhu.accounts.demo",
    "paizhu.core.demo_calendar",
    "paizhu.intake.demo",
    "paizhu.clues.demo",
    "paizhu.supervision.demo",
    "paizhu.rectification.demo",
    "paizhu.responsibility.demo",
    "paizhu.assessment.demo",
    "paizhu.reports.demo",
)


@dataclass
class DemoContext:
    """What loaders share. `rng` is reseeded per loader, so each loader's data does not depend on
    whether the loaders before it created their data in this run or found it already present."""

    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    commission: Any = None
    groups: dict[int, Any] = field(default_factory=dict)  # DispatchGroup by ordinal (4 → 第四纪检监察组)
    units: dict[str, Any] = field(default_factory=dict)  # Unit by full name
    users: dict[str, Any] = field(default_factory=dict)  # User by username


@dataclass
class DemoReport:
    loaded: list[str] = field(default_factory=list)  # one Chinese line per loader that created data
    notes: list[str] = field(default_factory=list)


def _optional_module(name: str) -> ModuleType | None:
    """The module, or None if it (or its app) does not exist yet; a broken import inside it still raises."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
            return None
        raise


def _ensure_data_key(report: DemoReport) -> None:
    crypto = _optional_module("paizhu.core.crypto")
    if crypto is None:
        report.notes.append("数据密钥模块尚未提供，未生成数据密钥。")
        return
    existed = Path(settings.DATA_KEY_FILE).exists()
    path = crypto.ensure_key_file()
    report.notes.append(f"数据密钥{'已存在' if existed else '已生成'}：{path}")


def run(loaders: tuple[str, ...] | None = None) -> DemoReport:
    """Load the demo city into the configured database (all `LOADERS` by default); each loader in its own transaction."""
    report = DemoReport()
    _ensure_data_key(report)
    ctx = DemoContext()
    for name in LOADERS if loaders is None else loaders:
        module = _optional_module(name)
        if module is None:
            continue
        ctx.rng = random.Random(f"{SEED}:{name}")
        with transaction.atomic():
            line = module.load(ctx)
        if line:
            report.loaded.append(line)
    if report.loaded:  # loaders bulk-create their rows, past the services that index them
        search.rebuild()
    return report


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A plain-text table aligned for a terminal, counting CJK characters as two columns."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_report(report: DemoReport) -> str:
    from paizhu.accounts.demo import logins

    parts = [*report.notes]
    if report.loaded:
        parts.append("已载入演示数据：")
        parts.extend(f"  · {line}" for line in report.loaded)
    else:
        parts.append("演示数据已存在，跳过。")
    rows = logins()
    if rows:
        parts.append("")
        parts.append("演示账号（所有账号密码相同）：")
        parts.append(format_table(("用户名", "姓名", "角色", "范围", "密码"), rows))
    return "\n".join(parts)
