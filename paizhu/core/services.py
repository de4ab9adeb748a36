"""Writes to core's configuration: the working-day calendar. Only the system administrator (系统管理员) configures it."""

from typing import TYPE_CHECKING

from django.db import transaction

from paizhu.audit.services import record
from paizhu.core.roles import Role

from .calendar import OFFICIAL_YEARS
from .errors import DomainError, PermissionDenied
from .models import CalendarYear, WorkdayOverride

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def _require_system_admin(actor: "Actor") -> None:
    # Configuration is not data about anybody, so there is no scope to restrict: the role decides alone.
    if actor.acting_role != Role.SYSTEM_ADMIN:
        raise PermissionDenied("只有系统管理员可以调整工作日日历。")


@transaction.atomic
def save_workday_override(actor: "Actor", override: WorkdayOverride) -> WorkdayOverride:
    """Create or change one day's override (a holiday, or a 调休 make-up workday)."""
    _require_system_admin(actor)
    if WorkdayOverride.objects.filter(date=override.date).exclude(pk=override.pk).exists():
        raise DomainError(f"{override.date:%Y-%m-%d}已有工作日调整记录，请直接修改该记录。", field="date")
    previous = None
    if override.pk is None:
        override.created_by = actor
    else:
        previous = WorkdayOverride.objects.select_for_update().filter(pk=override.pk).values("date", "kind").first()
    override.save()
    record(
        actor,
        "calendar.override_saved",
        override,
        {"date": override.date, "kind": override.kind, "note": override.note, "previous": previous},
    )
    return override


@transaction.atomic
def delete_workday_override(actor: "Actor", override: WorkdayOverride) -> None:
    _require_system_admin(actor)
    record(actor, "calendar.override_deleted", override, {"date": override.date, "kind": override.kind})
    override.delete()


def check_year_declarable(year: int) -> None:
    """Refuse declaring a year that is built in, or whose holidays have not been entered yet."""
    if year in OFFICIAL_YEARS:
        raise DomainError(f"{year}年的节假日安排已内置，无需确认；个别日期有变动请在“工作日调整”中录入。", field="year")
    if not WorkdayOverride.objects.filter(date__year=year, kind=WorkdayOverride.Kind.HOLIDAY).exists():
        # Every year has statutory holidays on weekdays: an empty year is an arrangement not yet entered.
        raise DomainError(
            f"尚未录入{year}年的任何放假日。请先在“工作日调整”中逐日录入该年度的放假日和调休上班日，再确认年度安排。",
            field="year",
        )


@transaction.atomic
def save_calendar_year(actor: "Actor", calendar_year: CalendarYear) -> CalendarYear:
    """Declare that `calendar_year`'s arrangement has been entered in full: deadlines in that year become computable."""
    _require_system_admin(actor)
    check_year_declarable(calendar_year.year)
    if CalendarYear.objects.filter(year=calendar_year.year).exclude(pk=calendar_year.pk).exists():
        raise DomainError(f"{calendar_year.year}年已确认。", field="year")
    calendar_year.save()
    overrides = WorkdayOverride.objects.filter(date__year=calendar_year.year)
    record(
        actor,
        "calendar.year_saved",
        calendar_year,
        {
            "year": calendar_year.year,
            "note": calendar_year.note,
            "holidays": overrides.filter(kind=WorkdayOverride.Kind.HOLIDAY).count(),
            "workdays": overrides.filter(kind=WorkdayOverride.Kind.WORKDAY).count(),
        },
    )
    return calendar_year


@transaction.atomic
def delete_calendar_year(actor: "Actor", calendar_year: CalendarYear) -> None:
    """Withdraw a declaration: deadlines in that year are refused again until it is re-confirmed."""
    _require_system_admin(actor)
    record(actor, "calendar.year_deleted", calendar_year, {"year": calendar_year.year})
    calendar_year.delete()
