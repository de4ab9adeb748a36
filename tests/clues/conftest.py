import datetime

import pytest

from paizhu.clues import services
from paizhu.clues.models import Source
from paizhu.workflow import services as workflow_services
from paizhu.workflow.models import Approval


def set_role(user):
    """A fresh copy of the user as a request would see it (no cached conflicts or grant)."""
    from paizhu.accounts.models import User

    return User.objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    # Page tests log in with force_login; the second factor has its own tests in tests/accounts.
    settings.OTP_REQUIRED = False


@pytest.fixture
def make_clue(world):
    """A clue registered by 案管 and assigned (分办 approved) to the 4th group, handled by zu4a."""

    def make(subjects=None, *, assign=True, received_on=datetime.date(2026, 3, 2), unit=None):
        u = world.users
        clue = services.register_clue(
            u.anguan,
            source_kind=Source.PETITION,
            received_on=received_on,
            unit=unit or world.edu,
            summary="反映其违规发放津补贴、公车私用问题。",
            subjects=subjects if subjects is not None else [world.edu_clerk],
            categories=["integrity"],
            source_ref="XF-2026-000001",
        )
        if not assign:
            return clue
        clue = services.propose_assignment(
            u.anguan, clue, version=clue.version, group=world.g4, opinion="属第四组监督范围"
        )
        clue = workflow_services.decide_approval(
            u.wei, current(clue), version=clue.version, approve=True, opinion="同意"
        )
        clue = services.assign_handlers(u.zu4, clue, version=clue.version, handlers=[u.zu4a])
        return clue

    return make


def current(subject):
    from paizhu.workflow import approvals

    return approvals.current(subject)


def approve_all(world, subject, *, attested=True):
    """Approve every remaining step with the user holding its role; returns the refreshed subject."""
    by_role = {"group_leader": world.users.zu4, "commission_leader": world.users.wei}
    while (step := current(subject)) is not None:
        subject = workflow_services.decide_approval(
            by_role[step.role], step, version=subject.version, approve=True, opinion="同意", attested=attested
        )
    return subject


def chain_labels(subject) -> list[str]:
    from paizhu.workflow import approvals

    now = current(subject)
    return [a.label for a in approvals.history(subject) if (a.kind, a.round) == (now.kind, now.round)]


__all__ = ["Approval", "approve_all", "chain_labels", "current", "set_role"]
