import datetime

import pytest

from paizhu import access
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.responsibility.models import ListItem, ResponsibilityList, Signature
from paizhu.responsibility.services import lists as services

from .conftest import chain


def _sign_all(rlist, unit_users):
    for step, user in chain(unit_users).items():
        rlist = services.sign(user, rlist, version=rlist.version, opinion=f"同意（{step}）")
    return rlist


def test_signing_freezes_the_version_with_its_sm3_hash_in_the_audit_chain(world, unit_users, member_list):
    rlist = services.start_signing(
        world.users.lianluo, member_list, version=member_list.version, signers=chain(unit_users)
    )
    assert rlist.status == "signing"
    digest = services.content_hash(rlist)
    assert rlist.signed_hash == digest and len(digest) == 64
    rlist = _sign_all(rlist, unit_users)
    assert rlist.status == "signed" and rlist.signed_at is not None
    frozen = AuditEntry.objects.get(action="responsibility.list_frozen")
    assert frozen.details["hash"] == digest and frozen.object_id == str(rlist.pk)
    signed = AuditEntry.objects.filter(action="responsibility.signed").order_by("id")
    assert [e.actor_id for e in signed] == [u.pk for u in chain(unit_users).values()]
    assert {e.details["hash"] for e in signed} == {digest}
    assert [s.opinion for s in rlist.signatures.order_by("step")] == [f"同意（{n}）" for n in (1, 2, 3, 4)]


def test_a_change_after_signing_makes_a_new_version_that_needs_new_signatures(world, unit_users, member_list):
    rlist = services.start_signing(
        world.users.lianluo, member_list, version=member_list.version, signers=chain(unit_users)
    )
    rlist = _sign_all(rlist, unit_users)
    old_hash = rlist.signed_hash
    item = rlist.items.get(kind="duty")
    services.save_item(
        world.users.lianluo,
        rlist,
        version=rlist.version,
        item_id=item.pk,
        kind="duty",
        task=item.task,
        measures="每季度召开一次专题会议",
        due_on=item.due_on,
    )
    rlist.refresh_from_db()
    assert (rlist.status, rlist.revision, rlist.signed_hash) == ("draft", 2, "")
    assert not Signature.objects.filter(responsibility_list=rlist, void=False).exists()
    assert AuditEntry.objects.filter(action="responsibility.list_revised").exists()
    rlist = services.start_signing(world.users.lianluo, rlist, version=rlist.version, signers=chain(unit_users))
    assert rlist.signed_hash != old_hash
    assert [s.signer_id for s in services.pending(rlist)] == [u.pk for u in chain(unit_users).values()]


def test_progress_does_not_touch_what_was_signed(world, unit_users, member_list):
    rlist = services.start_signing(
        world.users.lianluo, member_list, version=member_list.version, signers=chain(unit_users)
    )
    rlist = _sign_all(rlist, unit_users)
    item = rlist.items.get(kind="duty")
    services.report_progress(
        world.users.lianluo, rlist, version=rlist.version, item_id=item.pk, progress="已召开上半年专题会议"
    )
    rlist.refresh_from_db()
    assert (rlist.status, rlist.revision) == ("signed", 1)
    assert services.content_hash(rlist) == rlist.signed_hash


def test_only_the_named_signer_signs_and_only_in_order(world, unit_users, member_list):
    rlist = services.start_signing(
        world.users.lianluo, member_list, version=member_list.version, signers=chain(unit_users)
    )
    with pytest.raises(PermissionDenied, match="须由钱志远本人登录签字"):
        services.sign(unit_users.kezhang, rlist, version=rlist.version, opinion="同意")  # the 2nd step before the 1st
    with pytest.raises(PermissionDenied, match="他人不能代签"):
        services.sign(world.users.shuji, rlist, version=rlist.version, opinion="同意")
    with pytest.raises(NotFound):  # the group reads the list but signs nothing of it
        services.sign(world.users.zu4, rlist, version=rlist.version, opinion="同意")
    with pytest.raises(DomainError, match="签字意见"):
        services.sign(unit_users.chengban, rlist, version=rlist.version, opinion="  ")
    assert not Signature.objects.filter(signed_at__isnull=False).exists()
    assert not services.may_sign(unit_users.kezhang, rlist) and services.may_sign(unit_users.chengban, rlist)


def test_signers_are_users_of_the_unit(world, unit_users, member_list):
    signers = chain(unit_users) | {2: unit_users.water_liaison}
    with pytest.raises(DomainError, match="本单位"):
        services.start_signing(world.users.lianluo, member_list, version=member_list.version, signers=signers)
    with pytest.raises(DomainError, match="分管领导"):
        services.start_signing(
            world.users.lianluo,
            member_list,
            version=member_list.version,
            signers={1: unit_users.chengban, 2: unit_users.kezhang},
        )
    member_list.refresh_from_db()
    assert member_list.status == "draft" and not member_list.signatures.exists()


def test_the_unit_sees_its_own_lists_the_group_reads_them_and_nobody_else_sees_anything(world, unit_users, member_list):
    u = world.users
    seen = {
        name
        for name in vars(u)
        if access.scope(getattr(u, name), ResponsibilityList).filter(pk=member_list.pk).exists()
    }
    assert seen == {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"}
    acting = {
        name
        for name in vars(u)
        if access.scope(getattr(u, name), ResponsibilityList, "act").filter(pk=member_list.pk).exists()
    }
    assert acting == {"shuji", "lianluo"}
    assert not access.scope(unit_users.water_liaison, ResponsibilityList).exists()
    assert not access.scope(unit_users.water_liaison, ListItem).exists()
    with pytest.raises(NotFound):  # the group does not edit
        services.save_item(u.zu4, member_list, version=None, kind="trigger", task="x")
    with pytest.raises(PermissionDenied):
        services.create_list(u.zu4, unit=world.edu, year=2026, level="collective")
    with pytest.raises(PermissionDenied):  # another unit's user writes nothing for 教育局
        services.create_list(unit_users.water_liaison, unit=world.edu, year=2026, level="collective")


def test_a_list_starts_from_last_years(world, unit_users):
    u = world.users
    old = services.create_list(u.lianluo, unit=world.edu, year=2025, level="collective")
    services.save_item(
        u.lianluo, old, version=None, kind="duty", task="专题研究党风廉政建设", due_on=datetime.date(2025, 6, 30)
    )
    services.save_item(u.lianluo, old, version=None, kind="trigger", task="贯彻落实中央八项规定精神不力")
    (new,) = services.copy_last_year(u.lianluo, world.edu, 2026)
    assert (new.year, new.copied_from_id, new.status) == (2026, old.pk, "draft")
    assert sorted((i.kind, i.task, i.due_on) for i in new.items.all()) == [
        ("duty", "专题研究党风廉政建设", datetime.date(2026, 6, 30)),
        ("trigger", "贯彻落实中央八项规定精神不力", None),
    ]
    with pytest.raises(DomainError, match="已建立"):
        services.copy_last_year(u.lianluo, world.edu, 2026)


def test_bad_input_is_refused_at_the_field_and_changes_nothing(world, member_list):
    u = world.users
    with pytest.raises(DomainError) as exc:
        services.save_item(
            u.lianluo, member_list, version=member_list.version, kind="duty", task="x", due_on=datetime.date(2027, 1, 5)
        )
    assert exc.value.field == "due_on"
    with pytest.raises(DomainError) as exc:
        services.save_item(u.lianluo, member_list, version=member_list.version, kind="duty", task="x")
    assert exc.value.field == "due_on"
    with pytest.raises(DomainError) as exc:
        services.create_list(u.lianluo, unit=world.edu, year=2026, level="member", person=world.edu_clerk, area="x")
    assert exc.value.field == "person"
    with pytest.raises(DomainError, match="已存在"):
        services.create_list(u.lianluo, unit=world.edu, year=2026, level="member", person=world.edu_deputy, area="x")
    assert member_list.items.count() == 2


@pytest.mark.parametrize(
    ("due", "done", "colour"),
    [
        (datetime.date(2026, 12, 31), None, "blue"),
        (datetime.date(2026, 11, 10), None, "yellow"),
        (datetime.date(2026, 10, 31), None, "red"),
        (datetime.date(2026, 10, 31), datetime.date(2026, 10, 30), "blue"),
    ],
)
def test_progress_lights_against_the_timeline(due, done, colour):
    item = ListItem(kind="duty", task="x", due_on=due, done_on=done)
    assert item.light(datetime.date(2026, 11, 1))[0] == colour
