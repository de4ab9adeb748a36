"""What the rectification services share (private to the package)."""

import contextlib
import contextvars
import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.forms import TEXT_LIMIT
from paizhu.core.roles import Role

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

APPROVAL = "rectification.demand"  # the approval kind (registered in `rectification/approvals.py`)


# The day the services date their steps by: today, except while the demo replays its year (`as_of`).
_AS_OF: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("rectification_as_of", default=None)


def today() -> datetime.date:
    return _AS_OF.get() or shanghai_today()


@contextlib.contextmanager
def as_of(day: datetime.date) -> Iterator[None]:
    """Date the steps taken inside on `day` (the demo loader's replay of a year; never a request's)."""
    if day > shanghai_today():
        raise ValueError("a step cannot be dated in the future")
    token = _AS_OF.set(day)
    try:
        yield
    finally:
        _AS_OF.reset(token)


def clean_text(value: str, label: str, field: str, *, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    """The text stripped; refused when missing (if `required`) or longer than `limit` characters — never cut."""
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", field=field)
    if len(value) > limit:
        raise DomainError(f"{label}不超过{limit}字，当前{len(value)}字，请删减后再提交。", field=field)
    return value


def require_role(actor: "Actor", *roles: str) -> None:
    if actor.acting_role not in roles:
        raise PermissionDenied(f"此事项须由{'、'.join(Role(r).label for r in roles)}办理。")
