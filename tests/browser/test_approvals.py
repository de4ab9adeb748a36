"""The approver's inbox in the browser: from the navigation badge to a decision, over two kinds (a clue's 处置意见
and a case's 延长期限), with the refusal's opinion required at the field."""

from playwright.sync_api import expect

from paizhu.clues import services
from paizhu.clues.models import Method
from paizhu.workflow import approvals
from paizhu.workflow.models import Approval
from tests.query_counts import add_case, add_clue

from .test_clues import approval_rules  # noqa: F401 - the default rules, seeded again after a flush


def test_the_leader_goes_from_the_badge_to_a_decision_and_back(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation of irreversible steps
    u = world.users
    clue = add_clue(world)
    clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method=Method.INQUIRY, reasons="问题具体。")
    case = add_case(world, add_clue(world), in_review=False)
    case = services.request_extension(u.zu4a, case, version=case.version, reasons="需调取银行流水。")

    login(page, "zu4")
    entry = page.locator("nav a", has_text="待我审批")
    expect(entry.locator(".badge")).to_have_text("2")
    entry.click()
    page.wait_for_url("**/approvals/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table")).to_contain_text("处置意见/了结意见")
    row = rows.filter(has_text=case.serial)
    expect(row).to_contain_text("延长期限")
    row.get_by_role("link", name="审批", exact=True).click()

    expect(page.locator(".card-header").first).to_contain_text(case.serial)
    expect(page.locator("dl")).to_contain_text("延长审查调查期限（90日）")
    page.get_by_label("不同意，退回").check()
    page.get_by_role("button", name="提交审批意见").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("不同意时请填写审批意见")
    page.get_by_label("同意", exact=True).check()
    page.get_by_label("意见").fill("同意延长，报委领导审批。")
    page.get_by_role("button", name="提交审批意见").click()

    page.wait_for_url("**/approvals/")
    expect(page.locator(".alert-success")).to_contain_text(f"已审批：延长期限 {case.serial}")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(clue.serial)
    expect(entry.locator(".badge")).to_have_text("1")
    step = Approval.objects.get(object_id=case.pk, kind="case.extension", step=1)
    assert step.decision == Approval.Decision.APPROVED and approvals.current(case).label != step.label
    assert console_errors == []
