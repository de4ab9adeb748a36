"""Reads of the integrity files, all through `access`: the list of files a user holds, one file as the user
may see it (held: everything; on an approved request: the summary sheet), the requests."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, QuerySet

from paizhu import access
from paizhu.core.calendar import shanghai_today
from paizhu.core.roles import COMMISSION_ROLES, Role
from paizhu.org.models import IntegrityRecord

from . import sections
from .access import SUMMARY, VIEW
from .models import CadreFile, FileRequest, PersonalMattersNote

# Who sees the file's 查阅记录 (who opened it, when): the commission and the group leaders, as on a clue.
HISTORY_ROLES = COMMISSION_ROLES | {Role.GROUP_LEADER}


def files(user, *, text: str = "", unit: int | None = None) -> QuerySet[CadreFile]:
    """The files the user holds, by name (a seek page: name, then id)."""
    qs = access.scope(user, CadreFile, VIEW).select_related("unit")
    if unit:
        qs = qs.filter(unit_id=unit)
    if text:
        qs = qs.filter(name__contains=text)
    return qs.order_by("name", "id")


def annotate_entries(rows: list[CadreFile]) -> None:
    """Each row's number of entries and the latest entry's date, in one query for the page."""
    counts = {
        r["person_id"]: r
        for r in IntegrityRecord.objects.filter(person_id__in=[p.pk for p in rows])
        .values("person_id")
        .annotate(n=Count("id"), last=Max("occurred_on"))
    }
    for row in rows:
        found = counts.get(row.pk, {})
        row.entry_count = found.get("n", 0)
        row.last_entry = found.get("last")


@dataclass
class KindGroup:
    value: str
    label: str
    entries: list[IntegrityRecord] = field(default_factory=list)


def entries_by_kind(user, cadre: CadreFile) -> list[KindGroup]:
    """The held file's entries, one group per kind in the order the kinds are declared (a new kind, its own)."""
    groups = {value: KindGroup(value, label) for value, label in IntegrityRecord.Kind.choices}
    for entry in access.scope(user, IntegrityRecord, VIEW).filter(person_id=cadre.pk).order_by("-occurred_on", "-id"):
        groups[entry.kind].entries.append(entry)
    return list(groups.values())


def conclusions(user, cadre: CadreFile) -> list[IntegrityRecord]:
    """The summary sheet's rows: the entries naming measures, without the clue side (serial, summary)."""
    return list(access.scope(user, IntegrityRecord, SUMMARY).filter(person_id=cadre.pk).order_by("-occurred_on", "-id"))


def open_grant(user, cadre: CadreFile) -> FileRequest | None:
    """The user's approved request that opens the cadre's summary sheet today, if any."""
    grant = user.acting_grant
    return (
        FileRequest.objects.filter(
            requested_by=user,
            requester_role=grant.role if grant else "",
            person_id=cadre.pk,
            status=FileRequest.Status.APPROVED,
            valid_until__gte=shanghai_today(),
        )
        .order_by("-valid_until")
        .first()
    )


def held_file(user, cadre: CadreFile) -> dict:
    """What the page shows of a held file, besides the cadre: entries by kind, sections, notes, requests."""
    return {
        "groups": entries_by_kind(user, cadre),
        "sections": sections.read(user, cadre),
        "notes": list(access.scope(user, PersonalMattersNote).filter(person_id=cadre.pk).select_related("recorded_by")),
        "requests": list(
            access.scope(user, FileRequest)
            .filter(person_id=cadre.pk)
            .select_related("requested_by")
            .order_by("-id")[:10]
        ),
    }


def requests(user) -> QuerySet[FileRequest]:
    return access.scope(user, FileRequest).select_related("person", "unit", "requested_by").order_by("-id")
