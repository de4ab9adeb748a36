"""审理室 in the browser: accept a transferred case, talk, report, submit to the committee, record its decision —
the 审理 section, the 卷宗目录 and the case's own timeline follow each step."""

from playwright.sync_api import expect

from paizhu.accounts.models import User
from paizhu.clues.models import Case
from paizhu.clues.workflows import CaseStatus
from paizhu.core.calendar import shanghai_today
from paizhu.core.roles import Role
from tests.fixtures import make_user
from tests.query_counts import add_case, add_clue

from .test_clues import approval_rules  # noqa: F401 - the default rules, seeded again after a flush


def _step(page, name):
    page.locator(".page-actions, main").get_by_role("link", name=name).first.click()


def test_case_review_from_acceptance_to_the_decision(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation of irreversible steps
    case = add_case(world, add_clue(world))
    today = f"{shanghai_today():%Y-%m-%d}"

    User.objects.filter(username="shenli").update(full_name="聂怀瑾")
    make_user("shenli2", Role.CASE_REVIEW, world.city, full_name="王某")
    login(page, "shenli")
    page.goto(f"/clues/cases/{case.pk}/")
    _step(page, "受理审理")
    page.get_by_role("button", name="受理审理").click()
    expect(page.locator("#review-title")).to_be_visible()
    expect(page.locator("#review-title").locator("..")).to_contain_text("尚未登记审理谈话")

    _step(page, "登记审理谈话")
    page.get_by_label("谈话日期").fill("2020-01-01")
    page.get_by_label("谈话地点").fill("审理谈话室")
    page.get_by_label("聂怀瑾", exact=True).check()  # 审理室's staff, ticked: at least two
    page.get_by_label("谈话情况").fill("核对了认定的事实，本人无异议。")
    page.get_by_role("button", name="登记审理谈话").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("请至少勾选二人")
    page.get_by_label("王某", exact=True).check()
    page.get_by_role("button", name="登记审理谈话").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("不能早于审理受理日期")
    page.get_by_label("谈话日期").fill(today)
    page.get_by_role("button", name="登记审理谈话").click()
    expect(page.locator("#review-title").locator("..")).to_contain_text("核对了认定的事实，本人无异议。")

    _step(page, "提出审理报告")
    page.get_by_label("审理认定的事实").fill("违规发放津补贴12万元，事实清楚。")
    page.get_by_label("审理意见").fill("建议给予党内警告处分。")
    page.get_by_role("button", name="提出审理报告").click()
    section = page.locator("#review-title").locator("..")
    expect(section).to_contain_text("建议给予党内警告处分。")

    _step(page, "提请常委会审议")
    page.get_by_role("button", name="提请常委会审议").click()
    expect(page.locator("h1")).to_contain_text("已提请审议")
    expect(page.get_by_role("link", name="提出审理报告")).to_have_count(0)  # frozen once submitted

    _step(page, "登记处分决定")
    page.get_by_label("决定日期").fill(today)
    page.get_by_label("四种形态").select_option("2")
    page.get_by_label("党纪处分").select_option("警告")
    page.get_by_label("处分决定要旨").fill("违规发放津补贴12万元。")
    page.get_by_label("处分依据").fill("《中国共产党纪律处分条例》第一百零五条")
    page.get_by_role("button", name="登记处分决定").click()
    expect(page.locator("h1")).to_contain_text("已作出决定")

    file = page.locator("#file-title").locator("..")
    for name in ("立案决定书", "审理谈话笔录（聂怀瑾、王某）", "审理报告", "处分决定"):
        expect(file).to_contain_text(name)
    timeline = page.locator("#timeline-title").locator("..")
    for title in ("审理室受理", "进行审理谈话", "提出审理报告", "提请市纪委常委会会议审议", "作出决定"):
        expect(timeline).to_contain_text(title)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DECIDED
    assert console_errors == []
