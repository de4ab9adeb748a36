"""Who sees and who changes the units' responsibility records (registered from ResponsibilityConfig.ready).

Read top to bottom:
- a unit's own users (党组书记, 联络员) see and change their unit's records, and nothing of another unit;
- the group sees every record of the units it covers now, and changes none of them ("review" is its own
  action: answering a filing, checking its minutes);
- 委领导 and 派驻机构管理部门 see every unit's records;
- everyone else (other commission offices, the 三员) sees nothing.
"""

from paizhu import access
from paizhu.access.matters import ALL_GROUPS_ROLES
from paizhu.access.policy import Policy
from paizhu.core.roles import GROUP_ROLES, UNIT_ROLES
from paizhu.org.access import visible_unit_ids

from .models import (
    Activity,
    Appointment,
    AppointmentEvent,
    AppointmentStep,
    DualReport,
    Filing,
    FilingEvent,
    FundsThreshold,
    IntegrityOpinion,
    ListEvent,
    ListItem,
    ReportEvent,
    ResponsibilityList,
    RiskEvent,
    RiskPoint,
    Signature,
)

ACT = "act"  # the unit changes its own records
REVIEW = "review"  # the covering group answers and checks them


def unit_scoped(unit_path: str):
    """A policy scope for rows whose unit lies at `unit_path`."""

    def scope(user, grant, qs, action):
        if grant.role in UNIT_ROLES:
            return qs.filter(**{unit_path: grant.unit_id}) if action in {"view", ACT} else qs.none()
        if action == ACT:
            return qs.none()
        if grant.role in GROUP_ROLES:
            return qs.filter(**{f"{unit_path}__in": visible_unit_ids(grant)})
        if action == REVIEW:
            return qs.none()
        if grant.role in ALL_GROUPS_ROLES:
            return qs
        return qs.none()

    return scope


ACTIONS = frozenset({"view", ACT, REVIEW})

access.register(
    ResponsibilityList,
    Policy(unit_scoped("unit_id"), audit_read="responsibility.list_viewed", actions=ACTIONS),
)
access.register(ListItem, Policy(unit_scoped("responsibility_list__unit_id"), actions=ACTIONS))
access.register(Signature, Policy(unit_scoped("responsibility_list__unit_id"), actions=ACTIONS))
access.register(ListEvent, Policy(unit_scoped("responsibility_list__unit_id"), actions=ACTIONS))
access.register(Filing, Policy(unit_scoped("unit_id"), audit_read="responsibility.filing_viewed", actions=ACTIONS))
access.register(Activity, Policy(unit_scoped("unit_id"), audit_read="responsibility.activity_viewed", actions=ACTIONS))
access.register(DualReport, Policy(unit_scoped("unit_id"), audit_read="responsibility.report_viewed", actions=ACTIONS))
access.register(ReportEvent, Policy(unit_scoped("report__unit_id"), actions=ACTIONS))
access.register(FilingEvent, Policy(unit_scoped("filing__unit_id"), actions=ACTIONS))
access.register(
    Appointment, Policy(unit_scoped("unit_id"), audit_read="responsibility.appointment_viewed", actions=ACTIONS)
)
access.register(AppointmentStep, Policy(unit_scoped("appointment__unit_id"), actions=ACTIONS))
access.register(AppointmentEvent, Policy(unit_scoped("appointment__unit_id"), actions=ACTIONS))
access.register(IntegrityOpinion, Policy(unit_scoped("appointment__unit_id"), actions=ACTIONS))
access.register(RiskPoint, Policy(unit_scoped("unit_id"), audit_read="responsibility.risk_viewed", actions=ACTIONS))
access.register(RiskEvent, Policy(unit_scoped("risk__unit_id"), actions=ACTIONS))


def _configuration(user, grant, qs, action):
    """The 大额资金标准 is configuration: every business role may read what is in force."""
    return qs


access.register(FundsThreshold, Policy(_configuration))
