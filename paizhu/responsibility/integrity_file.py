"""The responsibility lists in a cadre's integrity file (registered into `integrity.sections` from
ResponsibilityConfig.ready): the lists the cadre answers for (第一责任人, 一岗双责) and every signature they
gave in a list's 签字背书 chain, read through the viewer's access to the lists."""

from django.urls import reverse
from django.utils import timezone

from paizhu import access
from paizhu.integrity import sections

from .models import ResponsibilityList, Signature


def _rows(user, person) -> list[sections.Row] | None:
    if not access.has_section(user, ResponsibilityList):
        return None
    lists = access.scope(user, ResponsibilityList).filter(person_id=person.pk).select_related("unit", "person")
    signed = (
        access.scope(user, Signature)
        .filter(signer__person_id=person.pk, signed_at__isnull=False)
        .select_related("responsibility_list__unit", "responsibility_list__person")
    )
    rows = [
        sections.Row(
            timezone.localdate(rl.signed_at) if rl.signed_at else None,
            f"{rl.unit.name}{rl.title}",
            f"本人为责任人（{rl.get_level_display()}），{rl.get_status_display()}（第{rl.revision}版）",
            reverse("responsibility:list", args=[rl.pk]),
        )
        for rl in lists
    ]
    for s in signed:
        rl = s.responsibility_list
        void = "；清单修改后已作废" if s.void else ""
        rows.append(
            sections.Row(
                timezone.localdate(s.signed_at),
                f"{rl.unit.name}{rl.title}",
                f"签字背书：{s.get_step_display()}（第{s.revision}版），意见：{s.opinion or '—'}{void}",
                reverse("responsibility:list", args=[rl.pk]),
            )
        )
    return sorted(rows, key=lambda r: (r.day is not None, r.day), reverse=True)


def register() -> None:
    sections.register(
        sections.Section(
            "responsibility",
            "主体责任清单与签字背书",
            _rows,
            empty="没有本人作为责任人的清单，也没有本人的签字背书。",
            order=10,
        )
    )
