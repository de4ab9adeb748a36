"""Every page of the business sections is in the access table, and refuses whoever is out of scope.

The URL configuration is walked: a page of intake, clues, org, audit or recusal that is neither
probed here (`OBJECT_PAGES`), nor a list page checked by section rules (`LIST_PAGES`), nor exempt
with a reason (`EXEMPT`) fails the suite — so a new view cannot slip past the table. Each object
page is then requested by every role outside its row of `EXPECTED`: the answer is 404 (or, for a
page the role's section has, 403), and nothing of the object is shown.
"""

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.fixtures import sign_in

from .test_acting import EXPECTED, objects  # noqa: F401  (the fixture)
from .test_matrix import ROLES

SECTIONS = {"intake", "clues", "org", "audit", "access", "recusal", "workflow"}

# page -> (object kind, action it needs, extra URL arguments)
OBJECT_PAGES = {
    "intake:detail": ("report", "view", {}),
    "intake:reveal": ("report", "view", {}),
    "intake:messages": ("report", "view", {}),
    "intake:act": ("report", "act", {"action": "accept"}),
    "clues:detail": ("clue", "view", {}),
    "clues:step": ("clue", "act", {"step": "propose"}),
    "clues:case": ("case", "view", {}),
    "clues:case_step": ("case", "act", {"step": "transfer"}),
    "clues:screening": ("screening_meeting", "view", {}),
    "workflow:document": ("case", "export", {"name": "case_filing"}),
    "org:coverage_unit": ("unit", "view", {}),
    "org:person_edit": ("person", "manage", {}),
    "org:staff_end": ("dispatched_staff", "manage", {}),
    "audit:entry": ("audit_entry", "view", {}),
}

# Pages without an object: lists and forms, whose contents come from `access.scope` and whose
# absence for roles outside the section is checked in test_matrix (SECTION) and the apps' tests.
LIST_PAGES = {
    "intake:list",
    "intake:register",
    "intake:export",
    "intake:due",
    "intake:forwarding",
    "intake:identity_requests",
    "clues:list",
    "clues:register",
    "clues:export",
    "clues:deadlines",
    "clues:screenings",
    "clues:screening_new",
    "clues:cases",
    "clues:case_export",
    "org:groups",
    "org:people",
    "org:people_pick",
    "org:person_new",
    "org:coverages",
    "org:staff",
    "org:staff_new",
    "audit:entries",
    "audit:verify",
    "audit:export",
    "recusal:relations",
    "recusal:people",
    "workflow:approvals",
}

EXEMPT = {
    "workflow:decide": "an approval is found only among the user's own pending steps (approvals.inbox; "
    "tests/workflow/test_approval_pages.py)",
    "clues:notifications_read": "marks the user's own notifications",
    "clues:notification_read": "filtered to the user's own notifications",
    "intake:decide_identity": "委领导 only, over the reports they may see (tests/intake/test_identity.py)",
    "intake:attachment": "under the identity rule (tests/intake/test_identity.py)",
    "intake:confirm_subject": "信访室 or the report's holder (tests/intake/test_subject_match.py)",
    "recusal:withdraw": "the user's own declarations only",
    "workflow:document_part": "the view of workflow:document, with the part of a kind that has parts (one 处分决定 "
    "per person; tests/clues/test_issued_documents.py)",
    "access:recuse_matter": "registered matter types the user may see (tests/access/test_recusal.py)",
    "workflow:attachment": "a file of a matter, read only by who may see the matter (tests/clues/test_attachments.py)",
    "workflow:attach": "a matter the user may act on, any registered model (tests/clues/test_attachments.py)",
}


def _pages():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in SECTIONS and pattern.name:
                yield f"{namespace}:{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_page_of_the_business_sections_is_in_the_table():
    pages = _pages()
    unclassified = pages - set(OBJECT_PAGES) - LIST_PAGES - set(EXEMPT)
    assert unclassified == set(), f"pages missing from the access table: {sorted(unclassified)}"
    stale = (set(OBJECT_PAGES) | LIST_PAGES | set(EXEMPT)) - pages
    assert stale == set(), f"rows for pages that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("page", sorted(OBJECT_PAGES))
def test_an_object_page_answers_404_to_every_role_out_of_scope(page, world, objects):  # noqa: F811
    from django.urls import reverse

    kind, action, extra = OBJECT_PAGES[page]
    obj = objects[kind]
    url = reverse(page, kwargs={"pk": obj.pk, **extra})
    viewers = EXPECTED[(kind, "view")]
    problems = []
    # The probe must be able to fail: someone allowed does reach the page.
    reached = [
        role
        for role in sorted(EXPECTED[(kind, action)] & set(ROLES))
        if sign_in(Client(), getattr(world.users, role)).get(url).status_code != 404
    ]
    assert reached, f"nobody reaches {url}"
    for role in ROLES:
        if role in EXPECTED[(kind, action)]:
            continue
        client = sign_in(Client(), getattr(world.users, role))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            allowed = {404, 405} | ({403} if role in viewers else set())
            if response.status_code not in allowed:
                problems.append(f"{role} {method.upper()} {url}: HTTP {response.status_code}")
    assert problems == []


def test_a_member_recused_from_a_case_cannot_download_its_filing_decision(world, objects):  # noqa: F811
    from paizhu.access import services

    case = objects["case"]
    url = f"/documents/case_filing/{case.pk}/"
    client = sign_in(Client(), world.users.zu4a)
    assert client.get(url).status_code == 200
    services.recuse(world.users.zu4a, case, "与被审查人系同学")
    assert client.get(f"/clues/cases/{case.pk}/").status_code == 404
    assert client.get(url).status_code == 404
