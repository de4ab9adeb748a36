"""Navigation entries and people pickers of the integrity files (registered in IntegrityConfig.ready)."""

from paizhu import access
from paizhu.core import navigation
from paizhu.core.roles import GROUP_ROLES
from paizhu.org import picking

from .access import HOLDING_COMMISSION, REQUEST, REQUESTING_ROLES
from .models import CadreFile

HOLDERS = HOLDING_COMMISSION | GROUP_ROLES


def _requestable(user):
    return access.scope(user, CadreFile, REQUEST)


def register_navigation_and_pickers() -> None:
    navigation.register(
        navigation.NavItem("组织机构", "廉政档案", "integrity:files", HOLDERS, icon="person-vcard", order=40)
    )
    navigation.register(
        navigation.NavItem(
            "组织机构", "廉政档案查阅申请", "integrity:requests", REQUESTING_ROLES, icon="file-earmark-lock", order=45
        )
    )
    picking.register("integrity_request", "查阅廉政档案的干部", _requestable)
