"""People pickers: the JSON endpoint and the form fields read the same scoped list; without scripts the search
is posted with the form and refused at the field with the people found, nothing changed."""

import pytest
from django.urls import reverse

from paizhu.clues.forms import RegisterForm
from paizhu.clues.models import Clue
from tests.fixtures import sign_in
from tests.query_counts import assert_no_growth

PICK = "/org/people/pick/"


def _pick(client, user, **params):
    sign_in(client, user)
    return client.get(PICK, params)


def test_the_endpoint_answers_only_people_the_user_may_pick(client, world):
    body = _pick(client, world.users.zu4a, purpose="subject", q="局长").json()
    labels = [i["label"] for i in body["items"]]
    assert "王建国（测试市教育局局长）【班子成员】【同级党委管理】" in labels
    assert not any("陈志强" in label for label in labels)  # 水利局 is zu2's
    assert body["more"] is False
    body = _pick(client, world.users.zu2, purpose="subject", q="局长").json()
    assert [i["name"] for i in body["items"]] == ["陈志强"]
    # A unit user sees no cadre of any unit through the picker: no roster is listed to them.
    assert _pick(client, world.users.lianluo, purpose="subject", q="王").json()["items"] == []


def test_the_endpoint_searches_name_unit_and_post_and_narrows_by_unit(client, world):
    names = lambda **p: [i["name"] for i in _pick(client, world.users.wei, purpose="subject", **p).json()["items"]]  # noqa: E731
    assert names(q="红梅") == ["李红梅"]
    assert sorted(names(q="教育局")) == sorted(["王建国", "李红梅", "赵小军"])
    assert names(q="局长", unit=world.water.pk) == ["陈志强"]
    assert names(q="") == []
    assert "周正" not in names(q="组长")  # staff of a group are no unit's cadres


def test_the_endpoint_caps_its_answer(client, world):
    from paizhu.org.models import Person

    Person.objects.bulk_create(Person(name=f"张{i:02d}", unit=world.edu, post="科员") for i in range(15))
    body = _pick(client, world.users.wei, purpose="subject", q="张").json()
    assert len(body["items"]) == 10 and body["more"] is True


@pytest.mark.parametrize("params", [{"purpose": "everyone", "q": "王"}, {"purpose": "subject", "unit": "x"}, {}])
def test_a_malformed_request_is_400(client, world, params):
    assert _pick(client, world.users.wei, **params).status_code == 400


def test_signed_out_is_sent_to_login(client, world):
    assert client.get(PICK, {"purpose": "subject", "q": "王"}).status_code == 302


def _register(**extra):
    return {
        "source_kind": "supervision",
        "received_on": "2026-03-09",
        "categories": ["integrity"],
        "summary": "公车私用",
        **extra,
    }


def test_the_register_form_renders_only_what_is_chosen(world):
    form = RegisterForm(user=world.users.zu4a)
    html = str(form["subjects"])
    assert "pz-picker" in html and "王建国" not in html and "<option" not in html
    form = RegisterForm(_register(unit=world.edu.pk, subjects=[world.edu_clerk.pk]), user=world.users.zu4a)
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["subjects"]) == [world.edu_clerk]
    html = str(form["subjects"])
    assert "赵小军（测试市教育局科员）" in html and "王建国" not in html


def test_an_id_outside_the_users_scope_is_refused_at_the_field(client, world):
    sign_in(client, world.users.zu4a)
    response = client.post(reverse("clues:register"), _register(unit=world.edu.pk, subjects=[world.water_head.pk]))
    assert response.status_code == 200
    assert "所选“被反映人”不在可选范围内，请重新查找。" in response.content.decode()
    assert not Clue.objects.exists()


def test_without_scripts_the_search_is_posted_and_the_people_found_offered(client, world):
    sign_in(client, world.users.zu4a)
    response = client.post(
        reverse("clues:register"), _register(unit=world.edu.pk, subjects=[world.edu_clerk.pk], subjects__q="副局长")
    )
    body = response.content.decode()
    assert "已查找“副局长”：请在下列人员中勾选后再提交。" in body
    assert f'value="{world.edu_deputy.pk}"' in body and f'value="{world.edu_clerk.pk}" id' in body
    assert f'name="subjects" value="{world.edu_clerk.pk}" id="id_subjects_{world.edu_clerk.pk}" checked' in body
    assert not Clue.objects.exists()
    response = client.post(reverse("clues:register"), _register(unit=world.edu.pk, subjects__q="无此人"))
    assert "没有找到与“无此人”相符的人员" in response.content.decode()
    # Ticking the one found and posting again registers the clue.
    response = client.post(
        reverse("clues:register"), _register(unit=world.edu.pk, subjects=[world.edu_clerk.pk, world.edu_deputy.pk])
    )
    assert response.status_code == 302
    assert set(Clue.objects.get().subjects.all()) == {world.edu_clerk, world.edu_deputy}


def test_the_pickers_answer_does_not_grow_with_the_roster(world):
    from django.test import Client

    from paizhu.org.models import Person

    client = sign_in(Client(), world.users.zu4a)
    n = iter(range(1, 100))

    def cadres(k):
        people = [Person.objects.create(name=f"孙号{next(n)}", unit=world.fin, post="科员") for _ in range(k)]
        return [p.name for p in people]

    cadres(1)
    assert_no_growth(client, PICK + "?purpose=subject&q=孙号", lambda: cadres(3))


def test_the_dispatch_office_picks_one_cadre_on_no_open_dispatch(client, world):
    from paizhu.org.models import DispatchedStaff

    names = [i["name"] for i in _pick(client, world.users.guanli, purpose="dispatch", q="局").json()["items"]]
    assert "王建国" in names and "周正" not in _pick(client, world.users.guanli, purpose="dispatch", q="周").text
    # Only the dispatch office manages dispatches: nobody else is offered the roster for it.
    assert _pick(client, world.users.zu4, purpose="dispatch", q="王").json()["items"] == []
    data = {"group": world.g4.pk, "role": "member", "valid_from": "2026-03-01"}
    sign_in(client, world.users.guanli)
    response = client.post("/org/staff/new/", {**data, "person": world.zu4_person.pk})  # already dispatched
    assert "所选“人员”不在可选范围内，请重新查找。" in response.content.decode()
    response = client.post("/org/staff/new/", {**data, "person__q": "科员"})
    body = response.content.decode()
    assert "已查找“科员”" in body and f'type="radio" name="person" value="{world.edu_clerk.pk}"' in body
    assert DispatchedStaff.objects.count() == 1
