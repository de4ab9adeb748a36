"""The day the integrity services take as today: the real one, or the demo loader's replayed day (`as_of`)."""

import contextlib
import contextvars
import datetime
from collections.abc import Iterator

from paizhu.core.calendar import shanghai_today

_AS_OF: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("integrity_as_of", default=None)


def today() -> datetime.date:
    return _AS_OF.get() or shanghai_today()


@contextlib.contextmanager
def as_of(day: datetime.date) -> Iterator[None]:
    """Date the steps taken inside on `day` (the demo loader's replay; never a request's)."""
    if day > shanghai_today():
        raise ValueError("a step cannot be dated in the future")
    token = _AS_OF.set(day)
    try:
        yield
    finally:
        _AS_OF.reset(token)
