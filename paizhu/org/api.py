from ninja import Query, Router, Schema

from paizhu import access
from paizhu.access.reads import api_listing
from paizhu.core.schemas import ERRORS, id_field

from .models import Person

router = Router(tags=["组织机构"])


class PersonOut(Schema):
    id: int
    name: str
    unit_id: int | None
    unit_name: str | None
    post: str
    rank: str
    is_leadership_member: bool
    is_main_leader: bool
    management_level: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name if obj.unit else None


class PeopleFilters(Schema):
    unit: int | None = id_field("所在单位的 id")


@router.get("/people", response={200: list[PersonOut], **ERRORS}, summary="干部名册（按访问范围）")
@api_listing(Person, code="person.listed")
def people(request, filters: Query[PeopleFilters]):
    qs = access.scope(request.auth, Person).select_related("unit").order_by("id")
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    return qs
