"""The public reporting pages in a phone-sized Chromium: submit, keep the receipt, follow up, exchange messages."""

import re

import pytest

from paizhu.intake import forms, services
from paizhu.intake.models import Report

DIGITS = "零一二三四五六七八九"


def _number(text: str) -> int:
    if "十" not in text:
        return DIGITS.index(text)
    tens, _, ones = text.partition("十")
    return (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(ones) if ones else 0)


def answer(page) -> str:
    question = page.locator("label[for=id_challenge_answer]").inner_text()
    a, b = re.match(r"(.+?)加(.+?)等于", question).groups()
    return str(_number(a) + _number(b))


@pytest.fixture
def phone(page, monkeypatch):
    monkeypatch.setattr(forms, "CHALLENGE_MIN_SECONDS", -1)  # a person is slower than the test
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def fill_report(page, world, facts: str):
    page.goto("/report/")
    page.select_option("#id_unit", str(world.edu.pk))
    page.fill("#id_name_0", "李红梅")
    page.fill("#id_post_0", "副局长")
    page.check("input[name=categories][value=integrity]")
    page.fill("#id_facts", facts)


def test_anonymous_report_receipt_status_and_messages(phone, world, console_errors):
    page = phone
    fill_report(page, world, "市教育局副局长李红梅长期公车私用，周末驾驶公务用车接送孩子。")
    assert not page.locator("#id_reporter_name").is_visible()  # anonymous: no identity fields at all
    page.fill("#id_challenge_answer", answer(page))
    page.click("button[type=submit]")
    code = page.locator("#receipt-code").inner_text()
    assert len(code.replace("-", "")) == services.RECEIPT_LENGTH
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone

    page.click("text=查询办理进度")
    page.fill("#id_code", "AAAA-BBBB-CCCC-DDDD-EEEE")
    page.click("button[type=submit]")
    assert "查询码不正确" in page.locator("#status-error").inner_text()

    page.fill("#id_code", code.lower())
    page.click("button[type=submit]")
    assert page.locator("#status-stage").inner_text() == "已收到，待登记"
    page.fill("#id_body", "我还有照片可以补充。")
    with page.expect_navigation():
        page.click("text=发送留言")
    assert "留言已送达" in page.content()

    report = Report.objects.get()
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    report = services.assign_handler(world.users.zu4, report, world.users.zu4a)
    services.reply_to_reporter(world.users.zu4a, report, "请将照片寄至信访室。")
    page.goto("/report/status/")
    page.fill("#id_code", code)
    page.click("button[type=submit]")
    thread = page.locator("#thread").inner_text()
    assert "我还有照片可以补充。" in thread and "请将照片寄至信访室。" in thread
    assert page.locator("#status-stage").inner_text() == "已登记，正在办理"
    assert console_errors == []


def test_real_name_report_and_refusal_keeps_text(phone, world, console_errors):
    page = phone
    fill_report(page, world, "李红梅违规发放津补贴，每人三千元。")
    page.check("input[name=mode][value=real]")
    assert page.locator("#id_reporter_name").is_visible()
    page.fill("#id_reporter_name", "刘晓燕")
    page.fill("#id_reporter_contact", "找我")  # not a concrete contact
    page.fill("#id_challenge_answer", answer(page))
    page.click("button[type=submit]")
    assert "具体的联系方式" in page.locator("#form-error").inner_text()
    assert page.input_value("#id_facts") == "李红梅违规发放津补贴，每人三千元。"
    assert page.input_value("#id_reporter_name") == "刘晓燕"
    assert not Report.objects.exists()

    page.fill("#id_reporter_contact", "13812345678")
    page.fill("#id_challenge_answer", answer(page))
    page.click("button[type=submit]")
    page.locator("#receipt-code").wait_for()  # the receipt page replaces the form; wait for it
    assert "15个工作日内告知受理情况" in page.content()
    report = Report.objects.get()
    assert report.is_real_name and report.acceptance_due is not None
    assert console_errors == []


def test_staff_sees_similar_reports_and_routes(page, login, world, console_errors):
    first, _ = services.submit_public_report(
        services.ReportInput(
            facts="市教育局科员赵小军长期公车私用，周末驾驶单位公务用车接送孩子上下学，还违规发放津补贴。",
            unit=world.edu,
            named=[services.NamedPerson(name="赵小军", unit=world.edu)],
        )
    )
    second, _ = services.submit_public_report(
        services.ReportInput(
            facts="我反映市教育局科员赵小军：他经常周末开单位的公务用车接送孩子上下学，属于公车私用，另外违规发放津补贴。",
            unit=world.edu,
            named=[services.NamedPerson(name="赵小军", unit=world.edu)],
        )
    )
    login(page, "xinfang")
    page.goto(f"/intake/{second.pk}/")
    assert first.serial in page.locator("text=可能的重复件和相关举报").locator("..").inner_text()
    with page.expect_navigation():
        page.click("button:has-text('确认分办')")
    assert "已确认分办" in page.content()
    second.refresh_from_db()
    assert second.group == world.g4
    assert console_errors == []
