from django.test import Client

from paizhu.access import services
from paizhu.access.models import RelationDeclaration
from paizhu.audit.models import AuditEntry
from paizhu.core.roles import Role
from tests.fixtures import make_user, sign_in


def test_a_handler_who_declares_a_relation_prompts_the_leader_to_reassign(world, matters):
    services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    home = sign_in(Client(), world.users.zu4).get("/").content.decode()
    assert "回避改派" in home
    assert matters["clue"][1] in home and matters["report"][1] in home
    # The handler himself no longer sees the matters, nor the prompt about them.
    own_home = sign_in(Client(), world.users.zu4a).get("/").content.decode()
    assert matters["clue"][1] not in own_home


def test_the_prompt_ends_when_the_leader_reassigns(world, matters):
    from paizhu.clues import services as clues
    from paizhu.clues.models import Clue

    services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    member = make_user("zu4b", Role.GROUP_MEMBER, world.g4)
    clue = Clue.objects.get(pk=matters["clue"][0])
    clues.assign_handlers(world.users.zu4, clue, version=clue.version, handlers=[member])
    home = sign_in(Client(), world.users.zu4).get("/").content.decode()
    assert "须回避，请改派问题线索" not in home
    assert "须回避，请改派信访举报" in home  # the report still has the conflicted handler
    assert AuditEntry.objects.filter(action="recusal.reassigned", object_id=str(clue.pk)).exists()


def test_a_user_recuses_themselves_from_one_matter(world, matters):
    client = sign_in(Client(), world.users.zu4a)
    clue_pk = matters["clue"][0]
    assert client.get(f"/clues/{clue_pk}/").status_code == 200
    response = client.post(f"/recusal/matter/clues.clue/{clue_pk}/", {"reason": "曾与被反映人在同一科室共事"})
    assert response.status_code == 302
    assert client.get(f"/clues/{clue_pk}/").status_code == 404
    assert matters["clue"][1] not in client.get("/clues/").content.decode()
    assert AuditEntry.objects.filter(action="recusal.self_declared", object_id=str(clue_pk)).count() == 1
    # The report about the same person is a different matter: still visible.
    assert client.get(f"/intake/{matters['report'][0]}/").status_code == 200


def test_recusal_needs_a_reason_and_a_visible_matter(world, matters):
    client = sign_in(Client(), world.users.zu4a)
    clue_pk = matters["clue"][0]
    client.post(f"/recusal/matter/clues.clue/{clue_pk}/", {"reason": "  "})
    assert client.get(f"/clues/{clue_pk}/").status_code == 200
    # Another group's leader cannot even learn that the clue exists by recusing from it.
    other = sign_in(Client(), world.users.zu2)
    assert other.post(f"/recusal/matter/clues.clue/{clue_pk}/", {"reason": "试探"}).status_code == 404
    assert other.post("/recusal/matter/nosuch.model/1/", {"reason": "试探"}).status_code == 404


def test_every_matter_page_offers_self_recusal(world, matters):
    client = sign_in(Client(), world.users.zu4a)
    for url, label in [
        (f"/clues/{matters['clue'][0]}/", "clues.clue"),
        (f"/clues/cases/{matters['case'][0]}/", "clues.case"),
        (f"/intake/{matters['report'][0]}/", "intake.report"),
    ]:
        page = client.get(url).content.decode()
        assert f"/recusal/matter/{label}/" in page and "申请回避" in page, url


def test_integrity_records_follow_coverage_and_recusal(world):
    import datetime

    from paizhu import access
    from paizhu.org.models import IntegrityRecord
    from paizhu.org.services import write_integrity_outcome

    # Integrity files are kept from 副科级 up (paizhu/integrity): the deputy director has one, the clerk none.
    entry = write_integrity_outcome(
        world.edu_deputy,
        kind=IntegrityRecord.Kind.CLUE_OUTCOME,
        occurred_on=datetime.date(2026, 5, 6),
        source_serial="XS-2026-000009",
        form=1,
        measures=["批评教育"],
        summary="XS-2026-000009：予以了结，第一种形态：批评教育",
    )

    def sees(user):
        return access.scope(user, IntegrityRecord).filter(pk=entry.pk).exists()

    u = world.users
    assert [sees(getattr(u, n)) for n in ("wei", "anguan", "zu4", "zu2", "shuji", "lianluo", "auditor")] == [
        True, True, True, False, False, False, False,
    ]  # fmt: skip
    services.declare_relation(u.zu4, RelationDeclaration.Kind.RELATIVE, person=world.edu_deputy)
    assert not sees(u.zu4)


def test_no_reassignment_prompt_for_a_matter_already_closed(world, matters):
    from paizhu.intake.models import Report

    Report.objects.filter(pk=matters["report"][0]).update(stage=Report.Stage.CLOSED)
    services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    home = sign_in(Client(), world.users.zu4).get("/").content.decode()
    assert "须回避，请改派信访举报" not in home  # closed: nothing left to reassign
    assert "须回避，请改派问题线索" in home  # the clue is still open


def test_only_the_conflicted_one_of_two_handlers_is_named(world, matters):
    """Two handlers of one clue, both with declared relations: only the one related to its subject must go."""
    from paizhu.clues import services as clues
    from paizhu.clues.models import Clue

    member = make_user("zu4b", Role.GROUP_MEMBER, world.g4, full_name="组员乙")
    clue = Clue.objects.get(pk=matters["clue"][0])
    clues.assign_handlers(world.users.zu4, clue, version=clue.version, handlers=[world.users.zu4a, member])
    services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    services.declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.water_head)
    home = sign_in(Client(), world.users.zu4).get("/").content.decode()
    assert "zu4a须回避，请改派问题线索" in home
    assert "组员乙须回避" not in home


def test_a_self_recusal_and_a_handler_named_in_his_own_matter_prompt_the_leader(world, matters):
    from paizhu.access.models import Recusal
    from paizhu.clues.models import Clue
    from paizhu.intake.models import Report
    from paizhu.org.models import Person

    client = sign_in(Client(), world.users.zu4)
    assert "须回避" not in client.get("/").content.decode()
    # A recusal from the clue alone: the clue is prompted, not the report about the same person.
    services.recuse_from(world.users.zu4a, Clue, matters["clue"][0], "曾共事")
    home = client.get("/").content.decode()
    assert "zu4a须回避，请改派问题线索" in home and "请改派信访举报" not in home
    Recusal.objects.all().delete()
    # The handler's own roster person becomes a subject of the report (e.g. linked later): he must go.
    own = Person.objects.create(name="孙立", unit=None, post="组员", rank=Person.Rank.STAFF)
    world.users.zu4a.person = own
    world.users.zu4a.save(update_fields=["person"])
    Report.objects.get(pk=matters["report"][0]).subjects.add(own)
    home = client.get("/").content.decode()
    assert "zu4a须回避，请改派信访举报" in home and "请改派问题线索" not in home
