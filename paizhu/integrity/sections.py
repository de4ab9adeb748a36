"""The sections other modules add to an integrity file: each module that keeps something about a cadre
registers a `Section` from its AppConfig.ready() (responsibility: the lists the cadre is responsible for
or signed). The file asks each section for its rows, read through `access` for the viewer: a section the
viewer's role may not read comes back empty and is left out of the page.

Sections are shown only on the held file; the summary sheet (廉洁情况) is the conclusions alone.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paizhu.core.actors import Actor
    from paizhu.org.models import Person


@dataclass(frozen=True)
class Row:
    day: datetime.date | None
    title: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    # (viewer, person) -> the rows, read through the viewer's access scope; None: the viewer's role reads none of it
    rows: Callable[["Actor", "Person"], list[Row] | None]
    empty: str = "无。"
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def read(user: "Actor", person: "Person") -> list[tuple[Section, list[Row]]]:
    """Each registered section with its rows for `user`, leaving out those the user's role may not read."""
    found = []
    for section in sections():
        rows = section.rows(user, person)
        if rows is not None:
            found.append((section, rows))
    return found
