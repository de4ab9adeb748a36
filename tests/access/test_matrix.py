"""The access matrix: every demo role x every sensitive object type x {list, detail, export, API}.

The matrix is data: `SEES` says which roles may see each object type; every other role must not,
through any channel. A denied detail or API read answers 404 (the record's existence is not
revealed, not even to a unit user guessing ids); a denied list, export or API list simply does not
contain the record. The reporter's identity must appear in no response at all, except on the
identity page of the assigned handling officer.
"""

import io
import json

import openpyxl
import pytest
from django.test import Client

from tests.fixtures import sign_in

from .conftest import REPORTER_CONTACT, REPORTER_NAME

ROLES = [
    "wei",  # 委领导
    "guanli",  # 派驻机构管理部门
    "xinfang",  # 信访室
    "anguan",  # 案件监督管理室
    "shenli",  # 案件审理室
    "zu4",  # 组长, the group that handles the matters below
    "zu4a",  # 组员 of that group, the assigned handler
    "zu2",  # 组长 of another group
    "shuji",  # 党组书记 of the unit concerned
    "lianluo",  # 联络员 of the unit concerned
    "sysadmin",  # 系统管理员
    "secadmin",  # 安全保密管理员
    "auditor",  # 安全审计员
]

# Who may see each sensitive object type. Everyone else: nothing, through any channel.
SEES = {
    "report": {"wei", "guanli", "xinfang", "zu4", "zu4a"},
    "clue": {"wei", "guanli", "anguan", "zu4", "zu4a"},
    "case": {"wei", "guanli", "anguan", "shenli", "zu4", "zu4a"},
    "supervision": {"wei", "guanli", "zu4", "zu4a"},  # the log and its findings
    "audit_entry": {"auditor"},
    "role_grant": {"secadmin", "auditor"},
    "reporter_identity": {"zu4a"},  # the handling officer only; others file a request
    # An issued 整改建议: its group, the commission's leadership and dispatch office, and the unit itself.
    "demand": {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"},
    "demand_item": {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"},
    # the unit's own users, its covering group and the commission's leadership; no other office or unit
    "responsibility_list": {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"},
    "filing": {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"},
    "responsibility_activity": {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"},  # 履责记实
    "dual_report": {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"},
    # 廉政档案 of a 副处级 cadre of the unit: held by the commission's leadership, 案管 and the covering group; the
    # unit and everyone else only on an approved request (tests/integrity); a request: its maker and its approvers
    "integrity_file": {"wei", "guanli", "anguan", "zu4", "zu4a"},
    "integrity_request": {"wei", "guanli", "zu4", "zu4a", "lianluo"},
    "appointment": {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"},  # 干部选任
    "risk_point": {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"},  # 廉政风险点
}

# Who may open each list page at all (another group's staff find an empty or partial list). For
# every other role the section does not exist: its list page answers 404 (403 for the 三员's pages).
SECTION = {
    "report": SEES["report"] | {"zu2"},
    "clue": SEES["clue"] | {"zu2"},
    "case": SEES["case"] | {"zu2"},
    "supervision": SEES["supervision"] | {"zu2"},
    "audit_entry": {"auditor"},
    "role_grant": {"secadmin", "auditor"},
    "demand": SEES["demand"] | {"zu2"},
    "responsibility_list": SEES["responsibility_list"] | {"zu2"},
    "filing": SEES["filing"] | {"zu2"},
    "responsibility_activity": SEES["responsibility_activity"] | {"zu2"},
    "dual_report": SEES["dual_report"] | {"zu2"},
    "integrity_file": SEES["integrity_file"] | {"zu2"},
    # every business role may ask to open a file; the 三员 find no such page
    "integrity_request": SEES["integrity_request"] | {"xinfang", "anguan", "shenli", "zu2", "shuji"},
    "appointment": SEES["appointment"] | {"zu2"},
    "risk_point": SEES["risk_point"] | {"zu2"},
}

# Where each object type can be read. `{pk}` is the object's id; None: the type has no such channel.
CHANNELS = {
    "report": {
        "list": "/intake/",
        "search": "/intake/?q=公车私用",
        "detail": "/intake/{pk}/",
        "export": "/intake/export/",
        "api_list": "/api/v1/intake/",
        "api_detail": "/api/v1/intake/{pk}",
    },
    "clue": {
        "list": "/clues/",
        "search": "/clues/?q=公车私用",
        "detail": "/clues/{pk}/",
        "export": "/clues/export/",
        "api_list": "/api/v1/clues/",
        "api_detail": "/api/v1/clues/{pk}",
    },
    "case": {
        "list": "/clues/cases/",
        "detail": "/clues/cases/{pk}/",
        "export": "/clues/cases/export/",
        "api_list": "/api/v1/clues/cases/",
        "api_detail": "/api/v1/clues/cases/{pk}",
    },
    "supervision": {
        "list": "/supervision/",
        "detail": "/supervision/{pk}/",
        "export": "/supervision/export/",
        "api_list": "/api/v1/supervision/",
        "api_detail": "/api/v1/supervision/{pk}",
    },
    "audit_entry": {
        "list": "/audit/",
        "detail": "/audit/{pk}/",
        "export": "/audit/export/",
        "api_list": None,
        "api_detail": None,
    },
    "role_grant": {"list": "/accounts/grants/", "detail": None, "export": None, "api_list": None, "api_detail": None},
    # The unit's 党组书记 and 联络员 find their own page at /rectification/ (本单位整改).
    "demand": {
        "list": "/rectification/",
        "detail": "/rectification/{pk}/",
        "api_list": "/api/v1/rectification/",
        "api_detail": "/api/v1/rectification/{pk}",
    },
    "demand_item": {
        "detail": "/rectification/items/{pk}/",
        "api_list": "/api/v1/rectification/items/",
        "api_detail": "/api/v1/rectification/items/{pk}",
    },
    "responsibility_list": {
        "list": "/responsibility/",
        "detail": "/responsibility/{pk}/",
        "api_list": "/api/v1/responsibility/lists/",
        "api_detail": "/api/v1/responsibility/lists/{pk}",
    },
    "filing": {
        "list": "/responsibility/filings/",
        "detail": "/responsibility/filings/{pk}/",
        "api_list": "/api/v1/responsibility/filings/",
        "api_detail": "/api/v1/responsibility/filings/{pk}",
    },
    "responsibility_activity": {"list": "/responsibility/log/", "detail": "/responsibility/log/{pk}/"},
    "dual_report": {"list": "/responsibility/reports/", "detail": "/responsibility/reports/{pk}/"},
    "integrity_file": {"list": "/integrity/", "search": "/integrity/?q=红梅", "detail": "/integrity/{pk}/"},
    "integrity_request": {"list": "/integrity/requests/", "detail": "/integrity/requests/{pk}/"},
    "appointment": {"list": "/responsibility/appointments/", "detail": "/responsibility/appointments/{pk}/"},
    "risk_point": {"list": "/responsibility/risks/", "detail": "/responsibility/risks/{pk}/"},
    # Revealing is a POST (it is audited as identity.revealed); a refusal may say 403 here, since the
    # report itself is visible to some of these roles — what matters is that the name never appears.
    "reporter_identity": {
        "list": None,
        "reveal": "/intake/{pk}/identity/",
        "export": None,
        "api_list": None,
        "api_detail": None,
    },
}


def body_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if response.get("Content-Type", "").startswith("application/json"):
        # Chinese in JSON may be escaped (\\uXXXX): compare against the decoded document.
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    return response.content.decode("utf-8", errors="replace")


def outcome(channel: str, response, marker: str, pk: int) -> str:
    """'allow' or 'deny' as the user experiences it; 'leak' for a refusal that reveals existence."""
    text = body_text(response) if response.status_code == 200 else ""
    if channel in {"detail", "api_detail"}:
        if response.status_code == 200:
            return "allow"
        return "deny" if response.status_code == 404 else f"leak:{response.status_code}"
    if channel == "api_list":
        rows = json.loads(text)["items"] if text else []
        return "allow" if any(row.get("id") == pk for row in rows) else "deny"
    return "allow" if marker in text else "deny"


CASES = [(kind, channel) for kind, channels in CHANNELS.items() for channel, url in channels.items() if url]


@pytest.mark.parametrize(("kind", "channel"), CASES, ids=[f"{k}-{c}" for k, c in CASES])
def test_access_matrix(kind, channel, world, matters):
    pk, marker = matters[kind]
    url = CHANNELS[kind][channel].format(pk=pk)
    mismatches = []
    for role in ROLES:
        client = sign_in(Client(), getattr(world.users, role))
        response = client.post(url) if channel == "reveal" else client.get(url)
        expected = "allow" if role in SEES[kind] else "deny"
        got = outcome(channel, response, marker, pk)
        if got != expected:
            mismatches.append(f"{role}: expected {expected}, got {got} (HTTP {response.status_code})")
        if channel in {"list", "search"} and role not in SECTION[kind] and response.status_code not in {403, 404}:
            mismatches.append(f"{role}: the list page exists for them (HTTP {response.status_code})")
        if kind != "reporter_identity":
            leaked = REPORTER_NAME in body_text(response) or REPORTER_CONTACT in body_text(response)
            if leaked:
                mismatches.append(f"{role}: reporter identity in {url}")
    assert mismatches == [], f"{kind} via {channel} ({url}):\n" + "\n".join(mismatches)


RECUSAL_CASES = [(k, c) for k, c in CASES if k in {"report", "clue", "case", "supervision"}]


@pytest.mark.parametrize(("kind", "channel"), RECUSAL_CASES, ids=[f"{k}-{c}" for k, c in RECUSAL_CASES])
def test_a_conflicted_user_sees_nothing_of_the_matter(kind, channel, world, matters):
    """zu4 and zu4a would see these matters; once each declares a relation to the person concerned
    (or to the unit), the matters vanish for them from every channel."""
    from paizhu.access import services
    from paizhu.access.models import RelationDeclaration

    services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    services.declare_relation(world.users.zu4, RelationDeclaration.Kind.FORMER_UNIT, unit=world.edu)
    pk, marker = matters[kind]
    url = CHANNELS[kind][channel].format(pk=pk)
    for role in ("zu4", "zu4a"):
        client = sign_in(Client(), getattr(world.users, role))
        assert outcome(channel, client.get(url), marker, pk) == "deny", f"{role} still sees {kind} via {url}"
        assert marker not in client.get("/").content.decode(), f"{role}'s home page still counts {kind}"
