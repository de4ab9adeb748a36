from django.test import Client

from paizhu.responsibility.services import lists as services
from tests.fixtures import sign_in

from .conftest import chain


def test_the_group_reads_the_list_and_sees_who_has_not_signed(world, unit_users, member_list):
    rlist = services.start_signing(
        world.users.lianluo, member_list, version=member_list.version, signers=chain(unit_users)
    )
    rlist = services.sign(unit_users.chengban, rlist, version=rlist.version, opinion="同意")
    group = sign_in(Client(), world.users.zu4)
    page = group.get("/responsibility/").content.decode()
    assert f"未签：内设部门负责人孙丽娟、分管领导李红梅、主要领导{world.users.shuji.full_name}" in page
    detail = group.get(f"/responsibility/{rlist.pk}/").content.decode()
    assert rlist.signed_hash in detail and "待签字" in detail
    assert "本人签字" not in detail and "新增事项" not in detail and "填报进度" not in detail
    for outsider in (world.users.zu2, unit_users.water_liaison, world.users.anguan):
        client = sign_in(Client(), outsider)
        assert client.get(f"/responsibility/{rlist.pk}/").status_code == 404
    assert sign_in(Client(), world.users.anguan).get("/responsibility/").status_code == 404


def test_the_named_signer_signs_on_the_page_and_the_last_signature_freezes_it(world, unit_users, member_list):
    lianluo = sign_in(Client(), world.users.lianluo)
    form = {f"step_{n}": user.pk for n, user in chain(unit_users).items()} | {"version": member_list.version}
    assert lianluo.post(f"/responsibility/{member_list.pk}/submit/", form).status_code == 302
    member_list.refresh_from_db()
    assert member_list.status == "signing"
    # 联络员 is not the named 承办人: no button, and a forged POST is refused
    assert "本人签字" not in lianluo.get(f"/responsibility/{member_list.pk}/").content.decode()
    lianluo.post(f"/responsibility/{member_list.pk}/sign/", {"version": member_list.version, "opinion": "同意"})
    member_list.refresh_from_db()
    assert not member_list.signatures.filter(signed_at__isnull=False).exists()
    for user in chain(unit_users).values():
        client = sign_in(Client(), user)
        assert "本人签字" in client.get(f"/responsibility/{member_list.pk}/").content.decode()
        member_list.refresh_from_db()
        client.post(
            f"/responsibility/{member_list.pk}/sign/", {"version": member_list.version, "opinion": "同意，严格落实。"}
        )
    member_list.refresh_from_db()
    assert member_list.status == "signed"
    page = sign_in(Client(), world.users.zu4).get(f"/responsibility/{member_list.pk}/").content.decode()
    assert "签字完成，内容已锁定" in page and member_list.signed_hash in page


def test_forms_show_errors_at_the_field_and_a_bad_parameter_is_a_400(world, member_list):
    lianluo = sign_in(Client(), world.users.lianluo)
    response = lianluo.post(
        f"/responsibility/{member_list.pk}/items/new/",
        {"version": member_list.version, "kind": "duty", "task": "新事项", "due_on": "2027-03-01"},
    )
    assert response.status_code == 200 and "完成时限应在清单年度（2026年）内" in response.content.decode()
    for path in ("items/new/", "submit/", f"items/{member_list.items.first().pk}/"):
        form = lianluo.get(f"/responsibility/{member_list.pk}/{path}").content.decode()
        assert f'name="version" value="{member_list.version}"' in form, (
            path
        )  # the version loaded goes back with the form
    assert lianluo.get("/responsibility/?unit=abc").status_code == 400
    assert lianluo.get("/responsibility/new/").status_code == 200
    assert sign_in(Client(), world.users.zu4).get("/responsibility/new/").status_code == 404
    response = lianluo.post("/responsibility/new/", {"year": 2026, "level": "member", "area": ""})
    assert "请选择责任人" in response.content.decode()


def test_the_units_home_shows_its_lists_and_the_signers_to_do(world, unit_users, member_list):
    services.start_signing(world.users.lianluo, member_list, version=member_list.version, signers=chain(unit_users))
    home = sign_in(Client(), unit_users.chengban).get("/").content.decode()
    assert "待我签字背书" in home and member_list.title in home
    home = sign_in(Client(), world.users.zu4).get("/").content.decode()
    assert "驻在单位清单未完成签字" in home and "待承办人钱志远签字" in home
