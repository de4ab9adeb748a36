"""Query counts that do not grow with the data: measure a page, add rows, measure again.

The models are NetBox's `query_counts` and Zulip's `assert_database_query_count`: a page's queries
are counted at one size and again after `grow()` has added rows (more matters, more staff in the
group), and the second count must not be larger. A page that loads something per row or per staff
member fails here, with the queries that grew printed by shape, so that the fix goes into the page's
queries (select_related / prefetch_related / one query per kind), never into a higher pin.

`grow()` returns texts (serials, names) that must appear on the page afterwards: the test proves that
the new rows are on the page it measures, so it cannot pass by measuring a page that shows nothing.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection
from django.test.utils import CaptureQueriesContext

_LITERALS = re.compile(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+\b|%s|\?")
_LISTS = re.compile(r"\((?:\s*_\s*,)*\s*_\s*\)")


def shape(sql: str) -> str:
    """The query with its literals and IN-lists folded, so that one query per row shows as one shape."""
    return _LISTS.sub("(_)", _LITERALS.sub("_", sql))


def measure(client, url: str, *, status: int = 200, method: str = "get") -> tuple[list[str], str]:
    """The queries of one request (after a warm-up one, so per-process caches are full) and the body."""
    send = getattr(client, method)
    assert send(url).status_code == status, url
    with CaptureQueriesContext(connection) as context:
        response = send(url)
    assert response.status_code == status, url
    return [q["sql"] for q in context.captured_queries], response.content.decode()


def _grown(before: list[str], after: list[str]) -> str:
    more = Counter(map(shape, after)) - Counter(map(shape, before))
    return "\n".join(f"  +{n} x {sql[:400]}" for sql, n in more.most_common())


def assert_no_growth(
    client,
    url: str,
    grow: Callable[[], Iterable[str]],
    *,
    status: int = 200,
    most: int | None = None,
    method: str = "get",
) -> int:
    """Assert that `url` costs no more queries after `grow()` than before; returns the count.

    `grow()` adds rows and returns texts that must then be on the page. `most`, when given, also pins
    the count itself (as `django_assert_max_num_queries` does), for pages that keep such a ceiling.
    `method="post"` for the pages shown in answer to a POST (the reporter's messages).
    """
    before, _ = measure(client, url, status=status, method=method)
    expected = list(grow())
    after, body = measure(client, url, status=status, method=method)
    missing = [text for text in expected if text not in body]
    assert not missing, f"{url}: the rows added are not on the page, so nothing was measured: {missing}"
    assert len(after) <= len(before), (
        f"{url}: {len(before)} queries before, {len(after)} after adding rows; grown:\n{_grown(before, after)}"
    )
    if most is not None:
        assert len(after) <= most, f"{url}: {len(after)} queries, more than the {most} pinned"
    return len(after)


# --- rows to grow with: the 4th group's matters and staff (tests/fixtures.py `world`) ---

_counter = iter(range(1, 10**6))
DAY = datetime.date(2026, 3, 2)


def add_member(world, *, person=None):
    """A new member of the 4th group."""
    from paizhu.core.roles import Role
    from tests.fixtures import make_user

    n = next(_counter)
    return make_user(f"qc{n}", Role.GROUP_MEMBER, world.g4, person=person, full_name=f"组员{n}")


def add_clue(world, *, handlers=None, subjects=None, unit=None, received_on=None):
    """A clue the 4th group registers and handles itself (status ASSIGNED), handled by `handlers`."""
    from paizhu.clues import services
    from paizhu.clues.models import Source

    return services.register_clue(
        world.users.zu4,
        source_kind=Source.PETITION,
        received_on=received_on or DAY,
        unit=unit or world.edu,
        summary=f"反映其违规发放津补贴问题（第{next(_counter)}件）。",
        subjects=subjects if subjects is not None else [world.edu_clerk],
        categories=["integrity"],
        handlers=handlers or [world.users.zu4a],
    )


def add_report(world, *, handler=None, subjects=None, unit=None, routed=True, identity=None):
    """A report 信访室 registers and (`routed`) routes to the 4th group, whose leader names `handler`."""
    from paizhu.intake import services
    from paizhu.intake.models import Channel

    u = world.users
    report = services.register_report(
        u.xinfang,
        services.ReportInput(
            facts=f"反映市教育局赵小军违规发放津补贴（第{next(_counter)}件）。",
            unit=unit or world.edu,
            subjects=subjects if subjects is not None else [world.edu_clerk],
            categories=["integrity"],
            **({"identity": identity} if identity else {}),
        ),
        channel=Channel.LETTER,
        received_on=DAY,
    )
    if not routed:
        return report
    report = services.confirm_routing(u.xinfang, report, group=world.g4)
    if handler is not None:
        report = services.assign_handler(u.zu4, report, handler)
    return report


def add_case(world, clue, *, in_review=True):
    """A case on `clue` (created directly, as tests/access/conftest.py does: read pages are measured)."""
    from paizhu.clues.models import Case
    from paizhu.clues.workflows import CaseStatus

    filed = DAY
    return Case.objects.create(
        clue=clue,
        status=CaseStatus.REVIEW_PENDING if in_review else CaseStatus.INVESTIGATING,
        serial=f"AJ-2026-{next(_counter):06d}",
        filed_on=filed,
        investigation_due=filed + datetime.timedelta(days=90),
        sent_to_review_on=filed + datetime.timedelta(days=60) if in_review else None,
    )


def grow_city(world) -> dict[str, list[str]]:
    """One more of what each role's 我的待办 lists; returns, per user, the serials the page must show."""
    from paizhu.clues import services as clues
    from paizhu.clues.models import Source

    u = world.users

    def registered(summary, subject):
        return clues.register_clue(
            u.anguan,
            source_kind=Source.PETITION,
            received_on=DAY,
            unit=world.edu,
            summary=summary,
            subjects=[subject],
            categories=["integrity"],
        )

    add_member(world)
    waiting = registered("反映其违规收受礼品礼金问题。", world.edu_deputy)  # waits for 分办: 案管's to-do
    proposed = registered("反映其插手工程项目问题。", world.edu_head)
    proposed = clues.propose_assignment(u.anguan, proposed, version=proposed.version, group=world.g4, opinion="拟分办")
    handled = add_clue(world)  # zu4a's to handle
    case = add_case(world, add_clue(world))  # in review: 审理室's
    proposal = add_report(world, routed=False)  # 信访室 confirms its routing
    return {
        "xinfang": [proposal.serial],
        "anguan": [waiting.serial],
        "wei": [proposed.serial],
        "zu4a": [handled.serial],
        "shenli": [case.serial],
    }
