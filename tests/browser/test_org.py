"""The org pages as their users see them: only the units a role covers, filters kept in the URL."""


def table_column(page, index: int) -> list[str]:
    return [text.strip() for text in page.locator(f"table.table-pz tbody tr td:nth-child({index})").all_inner_texts()]


def test_group_leader_filters_the_people_of_the_units_the_group_covers(page, login, world, console_errors):
    login(page, "zu4")
    page.click(".sidenav >> text=干部名册")
    page.wait_for_load_state()
    assert page.locator(".sidenav .nav-link.active").inner_text().strip() == "干部名册"
    assert set(table_column(page, 2)) >= {"王建国 主要负责人", "李红梅", "赵小军"}
    assert "陈志强 主要负责人" not in table_column(page, 2)  # 测试市水利局 is the second group's
    assert "共 3 条" in page.locator("main").inner_text()

    page.fill("#f-q", "副局长")
    page.click("text=查询")
    page.wait_for_load_state()
    assert table_column(page, 2) == ["李红梅"]
    assert "q=%E5%89%AF%E5%B1%80%E9%95%BF" in page.url  # the filter lives in the URL, to bookmark or share

    page.click("text=重置")
    page.wait_for_load_state()
    page.check("#f-key")
    page.click("text=查询")
    page.wait_for_load_state()
    assert table_column(page, 2) == ["王建国 主要负责人", "李红梅"]

    page.select_option("#f-unit", label="测试市财政局")
    page.uncheck("#f-key")
    page.click("text=查询")
    page.wait_for_load_state()
    assert "没有符合条件的干部" in page.locator("table.table-pz").inner_text()
    assert [o.strip() for o in page.locator("#f-unit option").all_inner_texts()] == [
        "全部单位",
        "测试市教育局",
        "测试市财政局",
    ]
    assert console_errors == []


def test_group_leader_sees_the_group_and_the_units_it_covers(page, login, world, console_errors):
    login(page, "zu4")
    page.goto("/org/groups/")
    rows = page.locator("table.table-pz tbody tr")
    assert rows.count() == 1
    assert "测试市纪委监委第四派驻纪检监察组" in rows.first.inner_text()
    assert {"测试市教育局", "测试市财政局"} <= set(rows.first.locator(".badge").all_inner_texts())
    assert "第二派驻" not in page.locator("table.table-pz").inner_text()
    assert console_errors == []


def test_liaison_sees_only_the_own_unit(page, login, world, console_errors):
    login(page, "lianluo")
    page.click(".sidenav >> text=干部名册")
    page.wait_for_load_state()
    assert set(table_column(page, 3)) == {"测试市教育局"}
    assert [o.strip() for o in page.locator("#f-unit option").all_inner_texts()] == ["全部单位", "测试市教育局"]
    assert console_errors == []


def test_dispatch_management_moves_a_unit_to_another_group_and_sees_the_history(page, login, world, console_errors):
    login(page, "guanli")
    page.click(".sidenav >> text=监督关系调整")
    page.wait_for_load_state()
    assert page.locator(".sidenav .nav-link.active").inner_text().strip() == "监督关系调整"
    row = page.locator("table.table-pz tbody tr", has_text="测试市财政局")
    assert "第四纪检监察组" in row.inner_text()
    row.locator("text=调整").click()
    page.wait_for_load_state()
    assert "测试市财政局" in page.locator(".breadcrumb").inner_text()

    # A start before the current coverage's start is refused at the field; nothing typed is lost.
    page.select_option("#id_group", label="第二纪检监察组")
    page.fill("#id_valid_from", "2023-06-01")
    page.fill("#id_reason", "根据市纪委监委常委会会议决定，优化派驻监督布局")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=确认调整")
    page.wait_for_load_state()
    assert "须晚于现行监督关系的起始日期（2024-01-01）" in page.locator(".invalid-feedback").inner_text()
    assert page.input_value("#id_reason") == "根据市纪委监委常委会会议决定，优化派驻监督布局"

    page.fill("#id_valid_from", "2026-03-01")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=确认调整")
    page.wait_for_load_state()
    assert "已调整" in page.locator(".alert-success").inner_text()
    assert "第二派驻纪检监察组" in page.locator("#current-group").inner_text()
    history = page.locator("#coverage-history tbody tr")
    assert history.count() == 2
    newest, older = history.nth(0).inner_text(), history.nth(1).inner_text()
    assert "第二纪检监察组" in newest and "现行" in newest and "2026-03-01" in newest
    assert "根据市纪委监委常委会会议决定" in newest and "guanli" in newest
    assert "第四纪检监察组" in older and "2026-02-28" in older
    assert "None" not in page.locator("main").inner_text()
    assert console_errors == []


def test_a_group_leader_finds_no_coverage_page(page, login, world):
    login(page, "zu4")
    assert page.locator(".sidenav >> text=监督关系调整").count() == 0
    response = page.goto(f"/org/coverage/{world.fin.pk}/")
    assert response.status == 404
