import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from paizhu.audit import context as audit_context
from paizhu.audit.queries import access_history
from paizhu.audit.services import record
from paizhu.core.errors import NotFound


@pytest.fixture
def acting_as_group_leader():
    token = audit_context.set_current(audit_context.RequestContext(role="group_leader", client_address="10.1.2.3"))
    yield
    audit_context.reset(token)


def test_history_lists_reads_and_writes_about_one_object_newest_first(world, acting_as_group_leader):
    saved = record(world.users.zu4, "org.person_saved", world.edu_deputy, {"post": "副局长"})
    read = record(world.users.zu4a, "audit.viewed", world.edu_deputy)
    record(world.users.zu4, "org.person_saved", world.edu_clerk)  # another person
    record(world.users.zu4, "org.person_saved", ("org.unit", world.edu_deputy.pk))  # same id, another type

    history = access_history(world.users.zu4, world.edu_deputy)

    assert [e.seq for e in history.entries] == [read.seq, saved.seq]
    assert [e.seq for e in history.reads] == [read.seq]
    assert [e.seq for e in history.writes] == [saved.seq]
    assert not history.truncated


def test_history_is_cut_to_the_newest(world):
    for i in range(5):
        record(world.users.zu4a, "audit.viewed", world.edu_deputy, {"i": i})
    history = access_history(world.users.zu4, world.edu_deputy, limit=3)
    assert len(history.entries) == 3
    assert history.truncated


def test_history_needs_a_signed_in_viewer(world):
    with pytest.raises(NotFound):
        access_history(AnonymousUser(), world.edu_deputy)


def test_the_include_shows_who_when_and_what_without_addresses(world, acting_as_group_leader):
    record(world.users.zu4a, "audit.viewed", world.edu_deputy)
    record(world.users.zu4, "org.person_saved", world.edu_deputy, {"secret": "不应显示"})
    html = render_to_string(
        "audit/includes/access_history.html", {"history": access_history(world.users.zu4, world.edu_deputy)}
    )
    assert "查阅记录" in html
    assert "zu4a" in html and "组长" in html
    assert "查阅</span> 查看审计日志" in html
    assert "办理</span> 保存干部信息" in html
    assert "10.1.2.3" not in html
    assert "不应显示" not in html


def test_the_include_has_an_empty_state(world):
    html = render_to_string(
        "audit/includes/access_history.html", {"history": access_history(world.users.zu4, world.edu_deputy)}
    )
    assert "暂无查阅记录" in html
