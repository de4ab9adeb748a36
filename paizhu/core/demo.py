"""The demo city: a registry of per-app loaders and the runner behind `paizhu demo`.

Each app registers its `demo.py` from its AppConfig.ready() (`demo.register("paizhu.org.demo",
order=10, base=True)`); loaders run by `order`, so a loader comes after those whose data it needs.
A loader module exposes `load(ctx) -> str | None`: it writes its kind of data through the app's
services, fills `ctx` with what later loaders need, and returns a Chinese summary line — or None
when its data is already present, in which case it still fills `ctx` from the database, so that
running the demo again adds nothing and later loaders find what they need. It may also expose
`epilogue() -> str`, printed after the summary (the accounts' loader prints the demo logins).
`base` loaders make the city `paizhu gen` builds on (org chart, accounts, calendar).
"""

import importlib
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from . import crypto, search

SEED = 2026


@dataclass(frozen=True)
class Loader:
    module: str  # dotted path of a module with `load(ctx)`
    order: int
    base: bool = False


_loaders: dict[str, Loader] = {}


def register(module: str, *, order: int, base: bool = False) -> None:
    """Called from an app's ready(); the module is imported only when the demo runs."""
    _loaders[module] = Loader(module, order, base)


def registered(*, base_only: bool = False) -> tuple[str, ...]:
    """The registered loaders' modules in the order they run (only the `base` ones if asked)."""
    chosen = (loader for loader in _loaders.values() if loader.base or not base_only)
    return tuple(loader.module for loader in sorted(chosen, key=lambda loader: (loader.order, loader.module)))


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
    epilogues: list = field(default_factory=list)  # the loaders' `epilogue` functions, called when printing


def _ensure_data_key(report: DemoReport) -> None:
    existed = Path(settings.DATA_KEY_FILE).exists()
    path = crypto.ensure_key_file()
    report.notes.append(f"数据密钥{'已存在' if existed else '已生成'}：{path}")


def run(loaders: tuple[str, ...] | None = None) -> DemoReport:
    """Load the demo city into the configured database (every registered loader by default); each loader
    in its own transaction."""
    report = DemoReport()
    _ensure_data_key(report)
    ctx = DemoContext()
    for name in registered() if loaders is None else loaders:
        module = importlib.import_module(name)
        ctx.rng = random.Random(f"{SEED}:{name}")
        with transaction.atomic():
            line = module.load(ctx)
        if line:
            report.loaded.append(line)
        if hasattr(module, "epilogue"):
            report.epilogues.append(module.epilogue)
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
    parts = [*report.notes]
    if report.loaded:
        parts.append("已载入演示数据：")
        parts.extend(f"  · {line}" for line in report.loaded)
    else:
        parts.append("演示数据已存在，跳过。")
    for epilogue in report.epilogues:
        text = epilogue()
        if text:
            parts += ["", text]
    return "\n".join(parts)
