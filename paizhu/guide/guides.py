"""The user guide per role: docs/guide/*.md, shipped inside the package (paizhu/guide/content links to docs/guide).

The guide is written for the people who use the platform, one file per group of roles; the developer documents in
docs/ stay separate. Which roles a guide is for decides the order of the index (the acting role's first); every staff
guide may be read by every logged-in user, the reporter's guide by anyone (it is linked from /report/).
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
from django.utils.safestring import SafeString, mark_safe

from paizhu.core.roles import Role

CONTENT_DIR = Path(__file__).resolve().parent / "content"
IMAGE_DIR = CONTENT_DIR / "img"
IMAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.png")


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    roles: frozenset[str]
    public: bool = False

    @property
    def path(self) -> Path:
        return CONTENT_DIR / f"{self.slug}.md"


GUIDES = [
    Guide("group-member", "组员", frozenset({Role.GROUP_MEMBER})),
    Guide("group-leader", "组长", frozenset({Role.GROUP_LEADER})),
    Guide("commission", "委领导、派驻机构管理部门", frozenset({Role.COMMISSION_LEADER, Role.DISPATCH_MANAGEMENT})),
    Guide("petition-office", "信访室", frozenset({Role.PETITION_OFFICE})),
    Guide("case-management", "案件监督管理室、案件审理室", frozenset({Role.CASE_MANAGEMENT, Role.CASE_REVIEW})),
    Guide("unit", "驻在部门（党组书记、联络员）", frozenset({Role.PARTY_SECRETARY, Role.LIAISON})),
    Guide(
        "administrators",
        "三员（系统管理员、安全保密管理员、安全审计员）",
        frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR}),
    ),
    Guide("reporter", "网上举报人", frozenset(), public=True),
]
BY_SLUG = {g.slug: g for g in GUIDES}


def for_role(role: str) -> list[Guide]:
    """All guides, the acting role's first."""
    return sorted(GUIDES, key=lambda g: role not in g.roles)


# Links between guide files are written as plain file names ("group-leader.md") so that they work on a code host too;
# on the platform they become the help pages' addresses.
_MD_LINK = re.compile(r'href="([a-z-]+)\.md(#[^"]*)?"')
_IMG_SRC = re.compile(r'src="img/')


@cache
def _render(slug: str, mtime: float) -> tuple[str, str]:
    """(title, body): the file's first line "# 标题" becomes the page's heading, the rest its body."""
    text = BY_SLUG[slug].path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    title = first[2:].strip() if first.startswith("# ") else BY_SLUG[slug].title
    text = rest if first.startswith("# ") else text
    # The files are ours, but raw HTML in them is still shown as text (the guide needs none): the two
    # HTML-passing steps of Python-Markdown are removed, so a stray tag is escaped like any other text.
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text)
    html = _MD_LINK.sub(lambda m: f'href="/help/{m.group(1)}/{m.group(2) or ""}"', html)
    html = _IMG_SRC.sub('loading="lazy" src="/help/img/', html)
    return title, html


def render(guide: Guide) -> tuple[str, SafeString]:
    title, html = _render(guide.slug, guide.path.stat().st_mtime)
    return title, mark_safe(html)  # noqa: S308 - Markdown output with raw HTML escaped


def image_path(name: str) -> Path | None:
    if not IMAGE_NAME.fullmatch(name):
        return None
    path = IMAGE_DIR / name
    return path if path.is_file() else None


def public_image(name: str) -> bool:
    """Screenshots of the public reporting pages may be seen by anyone; the others only after login."""
    return name.startswith("reporter-")


IMAGE_REF = re.compile(r"!\[[^\]]*\]\(img/([^)\s]+)\)")


def referenced_images(guide: Guide) -> list[str]:
    return IMAGE_REF.findall(guide.path.read_text(encoding="utf-8"))
