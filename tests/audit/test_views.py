import datetime
import io
from html import unescape

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from paizhu.audit import context as audit_context
from paizhu.audit.models import AuditEntry
from paizhu.audit.services import BULK_VIEW_ALERT, chain_head, record
from tests.fixtures import sign_in

from .helpers import tamper

LIST = reverse("audit:entries")
VERIFY = reverse("audit:verify")
EXPORT = reverse("audit:export")


@pytest.fixture
def auditor(client, world):
    return sign_in(client, world.users.auditor)


def _views_of(user, page=None):
    qs = AuditEntry.objects.filter(actor=user, action="audit.viewed")
    return [e for e in qs if page is None or e.details.get("page") == page]


NON_AUDITORS = ["wei", "guanli", "xinfang", "anguan", "shenli", "zu4", "zu4a", "zu2", "shuji", "lianluo"]
NON_AUDITORS += ["sysadmin", "secadmin"]


@pytest.mark.parametrize("username", NON_AUDITORS)
def test_nobody_but_the_security_auditor_knows_the_pages_exist(client, world, username):
    sign_in(client, getattr(world.users, username))
    entry = AuditEntry.objects.order_by("seq").first()
    for url in [LIST, reverse("audit:entry", args=[entry.pk]), VERIFY, EXPORT]:
        assert client.get(url).status_code == 404, url
    assert client.post(VERIFY).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="audit.").exists()
    assert "审计日志" not in client.get(reverse("home")).content.decode()


def test_the_auditor_has_the_navigation_entry(auditor):
    page = auditor.get(reverse("home")).content.decode()
    assert "安全审计" in page
    assert f'href="{LIST}"' in page


def test_the_list_shows_chinese_labels_newest_first_and_is_audited_once_per_view(auditor, world):
    token = audit_context.set_current(audit_context.RequestContext(role="dispatch_management"))
    try:
        record(world.users.guanli, "org.coverage_changed", world.fin, {"group": "第二纪检监察组"})
    finally:
        audit_context.reset(token)
    response = auditor.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "调整监督关系" in html  # the label, not the code
    assert "派驻机构管理部门" in html  # the role the actor acted in
    assert "授予角色" in html
    shown = [e.seq for e in response.context["page"]]
    assert shown == sorted(shown, reverse=True)
    [view] = _views_of(world.users.auditor, "list")
    assert view.details["seqs"] == [shown[0], shown[-1]]
    assert view.details["filters"] == "无（全部记录）"
    auditor.get(LIST + "?page=2")
    assert len(_views_of(world.users.auditor, "list")) == 2


def test_retention_and_the_chain_head_are_shown(auditor, settings):
    settings.AUDIT_RETENTION_DAYS = 400
    html = auditor.get(LIST).content.decode()
    seq, head = chain_head()  # the page view itself is the newest entry
    assert "不少于 400 天" in html
    assert f'当前链头：第 {seq} 条 <span class="mono">{head}</span>' in html


def _shown(client, query: str) -> list[AuditEntry]:
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    return list(response.context["page"])


def test_filters_by_action_actor_object_and_time(auditor, world):
    with freeze_time("2026-11-20T03:00:00Z"):
        early = record(world.users.zu4, "org.person_saved", world.edu_deputy, {"a": 1})
    with freeze_time("2026-11-22T17:00:00Z"):  # 01:00 on the 23rd in Shanghai
        late = record(world.users.guanli, "org.person_saved", world.edu_clerk, {"a": 2})

    assert {e.seq for e in _shown(auditor, "action=org.person_saved")} == {early.seq, late.seq}
    assert [e.seq for e in _shown(auditor, "action=org.person_saved&actor=zu4")] == [early.seq]
    assert [e.seq for e in _shown(auditor, f"object_type=org.person&object_id={world.edu_clerk.pk}")] == [late.seq]
    assert [e.seq for e in _shown(auditor, "action=org.person_saved&date_from=2026-11-23")] == [late.seq]
    assert [e.seq for e in _shown(auditor, "action=org.person_saved&date_to=2026-11-22")] == [early.seq]


def test_an_impossible_range_is_reported_at_the_field(auditor):
    response = auditor.get(f"{LIST}?date_from=2026-11-23&date_to=2026-11-01")
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_alerts_are_prominent_and_filterable(auditor, world, settings):
    settings.BULK_VIEW_ALERT_COUNT = 2
    token = audit_context.set_current(audit_context.RequestContext(role="group_member"))
    try:
        for i in range(3):
            record(world.users.zu4a, "audit.viewed", ("org.person", i))
    finally:
        audit_context.reset(token)
    html = auditor.get(LIST).content.decode()
    assert "近 7 日安全告警" in html
    assert "zu4a（组员）在 10 分钟内查看的“干部”超过 2 个" in html
    assert [e.action for e in _shown(auditor, "alerts=on")] == [BULK_VIEW_ALERT]


def test_the_detail_page_shows_every_field_and_is_audited(auditor, world):
    entry = record(world.users.guanli, "org.person_saved", world.edu_clerk, {"post": "科员", "年份": 2026})
    response = auditor.get(reverse("audit:entry", args=[entry.pk]))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert '"post": "科员"' in html and '"年份": 2026' in html  # pretty-printed, Chinese kept
    assert entry.hash in html and entry.prev_hash in html and entry.details_digest in html
    assert "保存干部信息" in html and "干部" in html
    assert "本条自检" in html and "通过" in html
    [view] = AuditEntry.objects.filter(actor=world.users.auditor, action="audit.viewed", object_id=str(entry.pk))
    assert view.object_type == "audit.auditentry"


def test_the_detail_page_flags_a_tampered_entry(auditor, world):
    entry = record(world.users.guanli, "org.person_saved", world.edu_clerk, {"post": "科员"})
    tamper("UPDATE audit_auditentry SET object_id = %s WHERE seq = %s", ("999", entry.seq))
    html = auditor.get(reverse("audit:entry", args=[entry.pk])).content.decode()
    assert "未通过" in html
    assert "记录内容与哈希不一致" in html


def test_verification_from_the_page_is_recorded_and_shown(auditor, world):
    assert "尚未进行过审计链校验" in auditor.get(VERIFY).content.decode()
    seq, head = chain_head()
    response = auditor.post(VERIFY, {"anchors": ""})
    assert f"审计链完整：共 {seq} 条，链头 {head}" in response.content.decode()
    check = AuditEntry.objects.get(action="audit.verified")
    assert check.actor == world.users.auditor
    assert check.details["ok"] is True
    assert "上次校验" in auditor.get(VERIFY).content.decode()


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "wei"])
def test_only_the_auditor_may_have_the_chain_verified(world, username):
    from paizhu.auditor.services import run_verification
    from paizhu.core.errors import NotFound

    with pytest.raises(NotFound):
        run_verification(getattr(world.users, username))
    assert not AuditEntry.objects.filter(action="audit.verified").exists()
    assert run_verification(world.users.auditor).ok


def test_verification_from_the_page_reports_the_break(auditor, world):
    tamper("DELETE FROM audit_auditentry WHERE seq = %s", (2,))
    html = auditor.post(VERIFY, {"anchors": ""}).content.decode()
    assert "审计链校验未通过：第 2 条记录" in html
    assert "记录缺失" in html


def test_a_malformed_anchor_is_refused_at_the_field(auditor):
    html = auditor.post(VERIFY, {"anchors": "not-a-hash"}).content.decode()
    assert "不是有效的链头哈希" in html
    assert not AuditEntry.objects.filter(action="audit.verified").exists()


def test_the_export_is_watermarked_filtered_and_audited(auditor, world):
    record(world.users.guanli, "org.person_saved", world.edu_clerk, {"note": '=HYPERLINK("http://x")'})
    record(world.users.guanli, "org.person_saved", world.edu_deputy, {"note": "普通"})
    head_seq, head = chain_head()
    response = auditor.get(f"{EXPORT}?action=org.person_saved")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"审计日志（截至第 {head_seq} 条）"
    assert "筛选条件：操作：保存干部信息（org.person_saved）　共 2 条" in rows[1][0]
    assert rows[2][0].startswith("导出人：auditor · 安全审计员 · ")
    assert f"审计链头：第 {head_seq} 条 {head}" in rows[2][0]
    assert rows[3][:5] == ("序号", "时间", "操作人", "所用角色", "操作")
    data = rows[4:]
    assert [r[4] for r in data] == ["保存干部信息", "保存干部信息"]
    assert data[1][9] == '{"note":"=HYPERLINK(\\"http://x\\")"}'
    assert sheet.cell(row=6, column=10).data_type == "s"  # text, never a formula
    export = AuditEntry.objects.get(action="audit.exported")
    assert export.details == {
        "filters": "操作：保存干部信息（org.person_saved）",
        "count": 2,
        "head_seq": head_seq,
        "head_hash": head,
        "seq_ranges": [[data[1][0], data[0][0]]],  # the two entries exported, adjacent: one run
    }


def test_an_oversized_export_is_refused_with_a_message(auditor, monkeypatch):
    monkeypatch.setattr("paizhu.auditor.exports.EXPORT_MAX_ROWS", 3)
    response = auditor.get(EXPORT, follow=True)
    assert "超过单次导出上限 3 条" in response.content.decode()
    assert not AuditEntry.objects.filter(action="audit.exported").exists()


def test_the_list_does_a_fixed_number_of_queries(auditor, world, django_assert_max_num_queries, settings):
    settings.BULK_VIEW_ALERT_COUNT = 2
    for i in range(3):
        record(world.users.zu4a, "audit.viewed", ("org.person", i))  # an alert for the panel
    for i in range(40):
        record(world.users.guanli, "org.person_saved", ("org.person", i), {"i": i})
    with django_assert_max_num_queries(15):
        response = auditor.get(f"{LIST}?actor=guanli&date_from=2026-01-01")
    assert len(response.context["page"]) == 20


def test_the_detail_page_does_a_fixed_number_of_queries(auditor, world, django_assert_max_num_queries):
    entry = record(world.users.guanli, "org.person_saved", world.edu_clerk)
    with django_assert_max_num_queries(15):
        assert auditor.get(reverse("audit:entry", args=[entry.pk])).status_code == 200


def test_times_are_shown_in_shanghai_time(auditor, world):
    with freeze_time(datetime.datetime(2026, 11, 22, 17, 30, tzinfo=datetime.UTC)):
        entry = record(world.users.guanli, "org.person_saved", world.edu_clerk)
    html = auditor.get(f"{LIST}?object_id={world.edu_clerk.pk}&object_type=org.person").content.decode()
    assert entry.seq in [e.seq for e in _shown(auditor, f"object_id={world.edu_clerk.pk}")]
    assert "2026-11-23 01:30:00" in html


def test_the_export_asks_for_the_second_factor_again_after_five_minutes(auditor):
    from paizhu.accounts.stepup import OTP_AT_SESSION_KEY

    session = auditor.session
    session[OTP_AT_SESSION_KEY] -= 6 * 60
    session.save()
    response = auditor.get("/audit/export/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
