"""Repeats (重复件): similarity signatures, candidates, and linking a repeat to its original."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from paizhu import access
from paizhu.core.errors import DomainError
from paizhu.workflow.transitions import Event, transition

from .. import repeats, similarity
from ..models import Report, ReportBand, ReportSignature

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def signature_of(report: Report) -> similarity.Signature | None:
    names = [p.name for p in report.subjects.all()] + [n.name for n in report.named.all()]
    return similarity.signature(report.facts, names, [report.unit.name] if report.unit else [])


def index_signature(report: Report) -> similarity.Signature | None:
    sig = signature_of(report)
    ReportSignature.objects.filter(report=report).delete()
    ReportBand.objects.filter(report=report).delete()
    if sig is not None:
        ReportSignature.objects.create(report=report, minhash=sig.to_bytes())
        ReportBand.objects.bulk_create(
            [ReportBand(report=report, key=k) for k in sig.band_keys()], ignore_conflicts=True
        )
    return sig


def similar_to(
    sig: similarity.Signature, queryset: "QuerySet[Report]", *, exclude_pk: int | None = None, limit: int = 10
) -> list[tuple[Report, float]]:
    """Reports in `queryset` whose text is likely the same matter, with the estimated Jaccard, best first."""
    return repeats.similar_to(sig, queryset, exclude_pk=exclude_pk, limit=limit)


def link_duplicate(actor: "Actor", report: Report, original: Report, *, version: int | None = None) -> Report:
    """Mark `report` as a repeat (重复件) of `original`: handled once, counted, no new acceptance notice."""
    original = access.get_for_act(actor, Report, original.pk, action="view")
    root = original.duplicate_of or original

    def check(locked: Report) -> None:
        if root.pk == locked.pk:
            raise DomainError("不能将举报关联为其自身的重复件。")

    text = f"与{root.serial}为同一问题，并入办理，不再单独告知受理"
    event = Event("report.duplicate_linked", "关联重复件", text, {"original": root.serial})
    return transition(
        actor, report, "merge_into", version=version, what="关联为重复件", args=(root,), check=check, event=event
    )
