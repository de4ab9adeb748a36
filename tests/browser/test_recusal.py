"""回避申报: a user declares a relation, sees it listed, and withdraws it."""

from paizhu.access.models import RelationDeclaration


def test_declaring_and_withdrawing_a_relation(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())  # 申报 and 撤回 ask for confirmation
    login(page, "zu4")
    page.click(".sidenav >> text=回避申报")
    page.wait_for_load_state()
    assert "您尚未申报回避关系" in page.locator("table.table-pz").inner_text()

    page.select_option("select[name=kind]", label="近亲属")
    page.click("button:has-text('申报')")
    page.wait_for_load_state()
    assert "请选择关系人或关系单位（至少一项）" in page.locator(".alert-danger").inner_text()
    assert page.locator("select[name=kind] option:checked").inner_text() == "近亲属"  # nothing typed is lost

    page.fill("input[name=q]", "李红")  # the roster is searched, never listed
    page.locator("#person-matches").get_by_label("李红梅（测试市教育局副局长）").check()
    page.fill("input[name=note]", "配偶之妹")
    page.click("button:has-text('申报')")
    page.wait_for_load_state()
    assert "已申报" in page.locator(".alert-success").inner_text()
    row = page.locator("table.table-pz tbody tr").first
    assert "近亲属" in row.inner_text()
    assert "李红梅（测试市教育局）" in row.inner_text()
    assert "配偶之妹" in row.inner_text()
    assert row.locator(".badge").inner_text() == "有效"

    row.locator("button:has-text('撤回')").click()
    page.wait_for_load_state()
    assert "已撤回该项申报" in page.locator(".alert-success").inner_text()
    assert page.locator("table.table-pz tbody tr").first.locator(".badge").inner_text() == "已撤回"
    declaration = RelationDeclaration.objects.get(user=world.users.zu4)
    assert declaration.person == world.edu_deputy
    assert declaration.withdrawn_at is not None
    assert console_errors == []


def test_a_relation_to_a_unit_needs_no_person(page, login, world, console_errors):
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "wei")
    page.goto("/recusal/")
    assert page.locator("input[name=person]").count() == 0  # no roster before a search
    page.select_option("select[name=kind]", label="原工作单位")
    page.select_option("select[name=unit]", label="测试市水利局")
    page.click("button:has-text('申报')")
    page.wait_for_load_state()
    assert "测试市水利局" in page.locator("table.table-pz tbody tr").first.inner_text()

    page.select_option("select[name=kind]", label="原同事")
    page.fill("input[name=q]", "周正")
    page.locator("#person-matches").get_by_label("周正").check()  # dispatched staff belong to no unit
    page.click("button:has-text('申报')")
    page.wait_for_load_state()
    cells = page.locator("table.table-pz tbody tr td:nth-child(3)").all_inner_texts()
    assert sorted(cells) == ["周正", "测试市水利局"]
    assert console_errors == []
