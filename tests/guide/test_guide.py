"""The user guide: every picture it shows exists, raw HTML is text, staff guides need a login, the reporter's does not."""

from pathlib import Path

import pytest

from paizhu.guide import guides
from tests.fixtures import sign_in

DOCS_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"


def test_the_package_reads_the_guide_of_docs_guide():
    # paizhu/guide/content is a link to docs/guide: one copy, found by the editable install and copied into the wheel.
    assert guides.CONTENT_DIR.resolve() == DOCS_GUIDE.resolve()
    assert {p.stem for p in DOCS_GUIDE.glob("*.md")} == {g.slug for g in guides.GUIDES} | {"README"}


@pytest.mark.parametrize("guide", guides.GUIDES, ids=lambda g: g.slug)
def test_every_image_a_guide_shows_exists(guide):
    names = guides.referenced_images(guide)
    assert names, "每份指南至少有一张截图"
    for name in names:
        assert guides.IMAGE_NAME.fullmatch(name), name
        assert (DOCS_GUIDE / "img" / name).is_file(), f"{guide.slug}.md 引用的 img/{name} 不存在"


def test_readme_images_exist_and_the_images_stay_small():
    readme = (DOCS_GUIDE / "README.md").read_text(encoding="utf-8")
    for name in guides.IMAGE_REF.findall(readme):
        assert (DOCS_GUIDE / "img" / name).is_file(), name
    assert sum(p.stat().st_size for p in (DOCS_GUIDE / "img").glob("*.png")) < 3 * 1024 * 1024


def test_raw_html_in_a_guide_is_shown_as_text(tmp_path, monkeypatch):
    (tmp_path / "reporter.md").write_text(
        "# 标题\n\n<script>alert(1)</script>\n\n见 <b>组长</b> 与 [组长](group-leader.md)\n\n![图](img/x.png)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(guides, "CONTENT_DIR", tmp_path)
    title, body = guides.render(guides.BY_SLUG["reporter"])
    assert title == "标题"
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<b>" not in body
    assert 'href="/help/group-leader/"' in body
    assert 'src="/help/img/x.png"' in body


@pytest.mark.django_db
def test_staff_guides_need_a_login_and_the_reporters_guide_does_not(client):
    assert client.get("/help/").status_code == 302
    response = client.get("/help/group-member/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    public = client.get("/help/reporter/")
    assert public.status_code == 200
    assert "如何举报" in public.content.decode()
    assert client.get("/help/img/reporter-form.png").status_code == 200
    assert client.get("/help/img/group-member-todo.png").status_code == 404


@pytest.mark.django_db
def test_the_public_report_page_links_the_reporters_guide(client):
    assert 'href="/help/reporter/"' in client.get("/report/").content.decode()


@pytest.mark.django_db
def test_the_index_puts_the_acting_roles_guide_first(client, world):
    sign_in(client, world.users.zu4a)
    page = client.get("/help/").content.decode()
    slugs = [g.slug for g in guides.GUIDES]
    positions = {s: page.index(f'href="/help/{s}/"') for s in slugs}
    assert min(positions, key=positions.get) == "group-member"
    assert len(positions) == len(guides.GUIDES)
    assert "当前角色" in page


@pytest.mark.django_db
def test_a_guide_renders_for_a_logged_in_user(client, world):
    sign_in(client, world.users.xinfang)
    page = client.get("/help/petition-office/").content.decode()
    assert "<h1>信访室使用指南</h1>" in page
    assert "<h2>登记信访举报</h2>" in page
    assert client.get("/help/img/petition-register.png")["Content-Type"] == "image/png"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/help/nothing/", "/help/img/..%2Fsettings.py", "/help/img/missing.png"])
def test_unknown_guides_and_images_are_not_found(client, world, path):
    sign_in(client, world.users.zu4)
    assert client.get(path).status_code == 404
