"""Demo logins: one user per role, all with the same published password.

Users are created here rather than through `services.create_user`, which needs an acting system
administrator and forces a password change at first login; like `bootstrap_grant`, this is the
installer's path, audited with no actor. Users who are cadres are linked to their Person and take
its name, so recusal checks ("本人为被反映人") have someone real to match.

Besides the logins printed by `paizhu demo`, every group has a leader's and a member's account
(`zu1`/`zu1a` … `zu8`/`zu8a`, same password): the demo's clues and reports of every group are handled
and approved by users of that group, as the services require. The demo city has been at work since
its dispatch began (`org.demo.COVERAGE_START`), so its grants are dated from then: the timelines of
the last two years are signed by users who held their role at the time.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from paizhu.audit.services import record
from paizhu.core.calendar import SHANGHAI
from paizhu.core.demo import format_table
from paizhu.core.roles import Role, Scope
from paizhu.org.demo import CITY, COVERAGE_START, GROUP_NUMERALS, UNITS
from paizhu.org.models import DispatchedStaff, Person

from .models import RoleGrant, User
from .services import bootstrap_grant

DEMO_PASSWORD = "paizhu-demo-2026"  # noqa: S105 - published in docs/demo.md; loaded in demo mode only
EDUCATION_BUREAU = f"{CITY}教育局"


def _commission(ctx):
    return ctx.commission


def _group(ordinal: int) -> Callable:
    return lambda ctx: ctx.groups[ordinal]


def _education_bureau(ctx):
    return ctx.units[EDUCATION_BUREAU]


def _dispatched(ordinal: int, role: str) -> Callable:
    def find(ctx) -> Person:
        staff = DispatchedStaff.objects.filter(group=ctx.groups[ordinal], role=role, valid_to__isnull=True)
        return staff.select_related("person").order_by("id").first().person

    return find


def _education_cadre(**filters) -> Callable:
    return lambda ctx: Person.objects.filter(unit=_education_bureau(ctx), **filters).order_by("id").first()


def _unit(name: str) -> Callable:
    return lambda ctx: ctx.units[name]


def _cadre(unit_name: str, **filters) -> Callable:
    return lambda ctx: Person.objects.filter(unit=ctx.units[unit_name], **filters).order_by("id").first()


def _clerk(unit: Callable) -> Callable:
    """A unit's 承办人: its first 科员, else its first 副科长 (every unit has staff of one rank or the other)."""

    def find(ctx) -> Person | None:
        staff = Person.objects.filter(unit=unit(ctx), rank__in=(Person.Rank.STAFF, Person.Rank.SECTION_DEPUTY))
        return _first_by_rank(staff)

    return find


def _first_by_rank(staff) -> Person | None:
    return staff.filter(rank=Person.Rank.STAFF).order_by("id").first() or staff.order_by("id").first()


# A unit's signature chain (承办人 → 内设部门负责人 → 分管领导 → 主要领导, paizhu.responsibility) is signed by its
# own cadres with their own logins: besides 党组书记 and 联络员 (the 办公室主任, who signs as 内设部门负责人),
# every unit has a 分管副职's and a 承办人's account, holding the unit's 联络员 grant (the role for its
# working accounts). Every other unit has its four accounts too: `zrNNsj/ll/fg/cb` (NN = the unit's number
# in org.demo.UNITS), same password, not printed.
_DEPUTY = {"is_leadership_member": True, "is_main_leader": False, "post__contains": "副"}


def _unit_accounts() -> tuple["DemoUser", ...]:
    specs = [
        DemoUser("fenguan", Role.LIAISON, _education_bureau, _education_cadre(**_DEPUTY)),
        DemoUser("chengban", Role.LIAISON, _education_bureau, _clerk(_education_bureau)),
    ]
    for number, short in enumerate(UNITS, start=1):
        name = f"{CITY}{short}"
        if name == EDUCATION_BUREAU:
            continue
        prefix = f"zr{number:02d}"
        specs += [
            DemoUser(f"{prefix}sj", Role.PARTY_SECRETARY, _unit(name), _cadre(name, is_main_leader=True)),
            DemoUser(f"{prefix}ll", Role.LIAISON, _unit(name), _cadre(name, post="办公室主任")),
            DemoUser(f"{prefix}fg", Role.LIAISON, _unit(name), _cadre(name, **_DEPUTY)),
            DemoUser(f"{prefix}cb", Role.LIAISON, _unit(name), _clerk(_unit(name))),
        ]
    return tuple(specs)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    scope: Callable | None = None  # ctx → the org object the grant is scoped to
    person: Callable | None = None  # ctx → the user's own Person record
    full_name: str = ""  # for users who are not cadres of the demo city


DEMO_USERS = (
    DemoUser("wei", Role.COMMISSION_LEADER, _commission, full_name="樊立衡"),
    DemoUser("guanli", Role.DISPATCH_MANAGEMENT, _commission, full_name="庞文博"),
    DemoUser("xinfang", Role.PETITION_OFFICE, _commission, full_name="柯雅琴"),
    DemoUser("anguan", Role.CASE_MANAGEMENT, _commission, full_name="阮志诚"),
    DemoUser("shenli", Role.CASE_REVIEW, _commission, full_name="聂怀瑾"),
    DemoUser("zu4", Role.GROUP_LEADER, _group(4), _dispatched(4, DispatchedStaff.Role.LEADER)),
    DemoUser("zu4a", Role.GROUP_MEMBER, _group(4), _dispatched(4, DispatchedStaff.Role.MEMBER)),
    DemoUser("zu2", Role.GROUP_LEADER, _group(2), _dispatched(2, DispatchedStaff.Role.LEADER)),
    DemoUser("shuji", Role.PARTY_SECRETARY, _education_bureau, _education_cadre(is_main_leader=True)),
    DemoUser("lianluo", Role.LIAISON, _education_bureau, _education_cadre(post="办公室主任")),
    DemoUser("sysadmin", Role.SYSTEM_ADMIN, full_name="甘嘉明"),
    DemoUser("secadmin", Role.SECURITY_ADMIN, full_name="骆晓岚"),
    DemoUser("auditor", Role.SECURITY_AUDITOR, full_name="牛慧宁"),
)
USERNAMES = tuple(spec.username for spec in DEMO_USERS)
# A leader and a member of every group, for the demo's matters (not printed: the table stays short).
GROUP_STAFF = tuple(
    spec
    for n in range(1, len(GROUP_NUMERALS) + 1)
    for spec in (
        DemoUser(f"zu{n}", Role.GROUP_LEADER, _group(n), _dispatched(n, DispatchedStaff.Role.LEADER)),
        DemoUser(f"zu{n}a", Role.GROUP_MEMBER, _group(n), _dispatched(n, DispatchedStaff.Role.MEMBER)),
    )
    if spec.username not in USERNAMES
)
UNIT_ACCOUNTS = _unit_accounts()
ALL_USERS = DEMO_USERS + GROUP_STAFF + UNIT_ACCOUNTS
# When the demo city's grants were made: the day its comprehensive dispatch began.
GRANTED_AT = datetime.datetime.combine(COVERAGE_START, datetime.time(9, 0), tzinfo=SHANGHAI)


def load(ctx) -> str | None:
    existing = {u.username: u for u in User.objects.filter(username__in=[s.username for s in ALL_USERS])}
    ctx.users.update(existing)
    password = None
    created = []
    for spec in ALL_USERS:
        if spec.username in existing:
            continue
        # One hash for all: an Argon2 hash takes tens of milliseconds, and this password is public anyway.
        password = password or make_password(DEMO_PASSWORD)
        person = spec.person(ctx) if spec.person else None
        user = User.objects.create(
            username=spec.username,
            password=password,
            full_name=person.name if person else spec.full_name,
            person=person,
        )
        record(
            None,
            "user.created",
            user,
            {"username": user.username, "full_name": user.full_name, "person": person.pk if person else None},
        )
        bootstrap_grant(user, spec.role, spec.scope(ctx) if spec.scope else None, note="演示数据")
        ctx.users[user.username] = user
        created.append(user.username)
    if not created:
        return None
    # Dated back to when the city's work began (the audit entries keep the real time of loading).
    User.objects.filter(username__in=created).update(date_joined=GRANTED_AT)
    RoleGrant.objects.filter(user__username__in=created).update(granted_at=GRANTED_AT)
    for username in created:
        ctx.users[username] = User.objects.get(username=username)
    shown = [name for name in created if name in USERNAMES]
    unit_accounts = {spec.username for spec in UNIT_ACCOUNTS}
    staff = len([name for name in created if name not in USERNAMES and name not in unit_accounts])
    signers = len([name for name in created if name in unit_accounts])
    others = [f"各组组长、组员 {staff} 个" if staff else "", f"各驻在单位签字背书账户 {signers} 个" if signers else ""]
    rest = "，".join(text for text in others if text)
    return f"账户：{len(created)} 个演示账户（{'、'.join(shown)}{f'，另有{rest}' if rest else ''}）"


def logins() -> list[tuple[str, str, str, str, str]]:
    """The demo logins as they stand in the database: username, name, role, scope, password."""
    grants = RoleGrant.objects.active().filter(user__username__in=USERNAMES)
    grants = sorted(
        grants.select_related("user", "commission", "group", "unit"),
        key=lambda g: (USERNAMES.index(g.user.username), g.pk),
    )
    return [
        (
            g.user.username,
            g.user.full_name,
            g.get_role_display(),
            str(g.scope_object) if g.scope_object else Scope(g.scope).label,
            DEMO_PASSWORD,
        )
        for g in grants
    ]


def epilogue() -> str:
    """The demo logins, printed by `paizhu demo` after what it loaded (`core.demo.format_report`)."""
    rows = logins()
    if not rows:
        return ""
    table = format_table(("用户名", "姓名", "角色", "范围", "密码"), rows)
    return f"演示账号（所有账号密码相同）：\n{table}"
