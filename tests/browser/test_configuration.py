"""The system administrator's configuration screens: the routing threshold, a setting with history."""

from paizhu.intake.models import RoutingThreshold


def test_system_administrator_changes_the_routing_threshold_and_the_history_keeps_both(
    page, login, world, console_errors
):
    login(page, "sysadmin")
    page.goto("/admin/")
    page.click("text=分办门槛（调整记录）")
    page.wait_for_load_state()
    assert page.locator("#result_list tbody tr").count() == 0
    page.click("text=增加 分办门槛")
    page.wait_for_load_state()
    # A change starts from what is in force: the deployment's defaults before any version is saved.
    assert page.is_checked("input[name=leadership_members]")
    assert page.is_checked("input[name=management_levels][value=same_level]")
    assert page.locator("input[name=management_levels][value=higher]").count() == 0
    assert page.locator("select[name=min_rank] option:checked").inner_text() == "不按职级划分"
    assert "---------" not in page.locator("#content").inner_text()
    assert page.locator("input[name=_continue], input[name=_addanother]").count() == 0
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert page.locator(".errorlist").inner_text() == "请填写“调整依据”。"  # the field named, not the framework's words
    assert not RoutingThreshold.objects.exists()

    page.select_option("select[name=min_rank]", label="正科级")
    page.fill("input[name=reason]", "市纪委监委常委会会议纪要〔2026〕9号")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    text = rows.first.inner_text()
    assert "正科级及以上" in text and "同级党委管理" in text and "会议纪要〔2026〕9号" in text
    row = RoutingThreshold.objects.get()
    assert (row.min_rank, row.changed_by) == ("zhengke", world.users.sysadmin)

    rows.first.locator("th a, td a").first.click()
    page.wait_for_load_state()
    assert page.locator("input[name=_save]").count() == 0  # a saved version is read-only
    assert page.locator("text=删除").count() == 0
    assert console_errors == []
