"""Recusal writes: declared relations, stepping aside from a matter, blocks and reassignments."""

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from paizhu.audit.services import record
from paizhu.core.errors import DomainError

from .models import Recusal, RelationDeclaration
from .recusal import forget_conflicts

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


@transaction.atomic
def declare_relation(
    actor: "Actor", kind: str, *, person: Any = None, unit: Any = None, note: str = ""
) -> RelationDeclaration:
    """The user declares a relation to a person or unit; from now on matters about them are hidden from the user.

    `person` and `unit` are org's Person and Unit, which sit above access and are not named here."""
    if kind not in RelationDeclaration.Kind.values:
        raise DomainError("请选择关系类型。", field="kind")
    if person is None and unit is None:
        raise DomainError("请选择关系人或关系单位。", field="person")
    if person is not None:
        from paizhu import access

        # Only staff of the commission and the groups name roster persons (the picker is theirs alone).
        if not access.scope(actor, type(person), "declare").filter(pk=person.pk).exists():
            raise DomainError("请通过查找选择关系人。", field="person")
    declaration = RelationDeclaration.objects.create(user=actor, kind=kind, person=person, unit=unit, note=note)
    forget_conflicts(actor)
    record(
        actor,
        "recusal.declared",
        declaration,
        {"kind": kind, "person": person.pk if person else None, "unit": unit.pk if unit else None},
    )
    return declaration


@transaction.atomic
def withdraw_relation(actor: "Actor", declaration: RelationDeclaration) -> RelationDeclaration:
    if declaration.user_id != actor.pk:
        raise DomainError("只能撤回本人申报的关系。")
    if declaration.withdrawn_at:
        raise DomainError("该申报已撤回。")
    declaration.withdrawn_at = timezone.now()
    declaration.save(update_fields=["withdrawn_at"])
    forget_conflicts(actor)
    record(actor, "recusal.declared", declaration, {"withdrawn": True})
    return declaration


@transaction.atomic
def recuse(
    actor: "Actor", matter: Model, reason: str, *, source: str = Recusal.Source.SELF, user: "Actor | None" = None
) -> Recusal:
    """`user` (the actor by default) stands aside from `matter`; the matter disappears from their sight."""
    user = user or actor
    if not reason.strip():
        raise DomainError("请填写回避理由。", field="reason")
    content_type = ContentType.objects.get_for_model(matter)
    recusal, created = Recusal.objects.get_or_create(
        user=user, content_type=content_type, object_id=matter.pk, defaults={"source": source, "reason": reason.strip()}
    )
    if not created:
        raise DomainError("已对该事项回避。")
    event = "recusal.self_declared" if source == Recusal.Source.SELF else "recusal.blocked"
    record(actor, event, matter, {"user": user.pk, "source": source, "reason": reason.strip()})
    return recusal


def block(actor: "Actor", matter: Model, user: "Actor", reason: str) -> None:
    """Refuse to give `user` a role in `matter` because they are conflicted: audited, then raised.

    Call it before opening the service's transaction: a refusal rolls that transaction back, and the
    record of the refusal must survive it.
    """
    record(actor, "recusal.blocked", matter, {"user": user.pk, "reason": reason})
    raise DomainError(f"{user}与该事项存在回避情形（{reason}），不能承办，请改派他人。")


@transaction.atomic
def note_reassigned(actor: "Actor", matter: Model, from_user: "Actor", to_user: "Actor") -> None:
    """A conflicted handler was replaced: mark their recusal handled and audit the reassignment."""
    Recusal.objects.filter(
        user=from_user, content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk
    ).update(reassigned=True)
    record(actor, "recusal.reassigned", matter, {"from": from_user.pk, "to": to_user.pk})


@transaction.atomic
def recuse_from(actor: "Actor", model: type[Model], pk: int, reason: str) -> Recusal:
    """The user steps aside from a matter they can see: from now on it is absent for them."""
    from paizhu import access

    matter = access.fetch(actor, model, pk)
    return recuse(actor, matter, reason)
