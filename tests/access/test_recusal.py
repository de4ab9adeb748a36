import pytest

from paizhu.access import services
from paizhu.access.models import RelationDeclaration
from paizhu.access.recusal import conflicts_of
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError
from tests.fixtures import sign_in


def test_user_is_conflicted_with_themselves_and_declared_relations(world):
    zu4 = world.users.zu4
    assert conflicts_of(zu4).person_ids == {world.zu4_person.pk}
    services.declare_relation(zu4, RelationDeclaration.Kind.RELATIVE, person=world.edu_deputy, note="配偶之兄")
    services.declare_relation(zu4, RelationDeclaration.Kind.FORMER_UNIT, unit=world.water)
    conflicts = conflicts_of(zu4)
    assert conflicts.person_ids == {world.zu4_person.pk, world.edu_deputy.pk}
    assert conflicts.unit_ids == {world.water.pk}
    assert AuditEntry.objects.filter(action="recusal.declared", actor=zu4).count() == 2


def test_withdrawn_relation_no_longer_conflicts(world):
    zu4a = world.users.zu4a
    declaration = services.declare_relation(zu4a, RelationDeclaration.Kind.FORMER_COLLEAGUE, person=world.edu_clerk)
    services.withdraw_relation(zu4a, declaration)
    assert world.edu_clerk.pk not in conflicts_of(zu4a).person_ids


def test_declaration_needs_a_person_or_unit_and_changes_nothing_otherwise(world):
    with pytest.raises(DomainError, match="关系人或关系单位"):
        services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.OTHER)
    assert not RelationDeclaration.objects.exists()


def test_only_the_declarant_can_withdraw(world):
    declaration = services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    with pytest.raises(DomainError, match="本人"):
        services.withdraw_relation(world.users.zu4, declaration)
    declaration.refresh_from_db()
    assert declaration.withdrawn_at is None


def test_relations_page_declares_and_lists(client, world):
    sign_in(client, world.users.zu4a)
    response = client.post("/recusal/", {"kind": "relative", "person": world.edu_clerk.pk, "note": "表兄"})
    assert response.status_code == 302
    page = client.get("/recusal/").content.decode()
    assert "赵小军" in page and "近亲属" in page


def test_relations_page_shows_chinese_error_and_keeps_input(client, world):
    sign_in(client, world.users.zu4a)
    page = client.post("/recusal/", {"kind": "relative", "note": "保留的说明"}).content.decode()
    assert "请选择关系人或关系单位" in page
    assert "保留的说明" in page
    assert not RelationDeclaration.objects.exists()
