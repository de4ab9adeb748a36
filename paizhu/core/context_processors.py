from django.conf import settings

from . import navigation


def platform(request):
    context = {"PLATFORM_NAME": "派驻监督工作平台", "DEMO_MODE": settings.DEMO_MODE}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav_sections"] = navigation.for_user(user, request.path, getattr(request, "session", None))
        grant = getattr(user, "acting_grant", None)
        context["acting_grant"] = grant
        context["user_grants"] = getattr(user, "all_grants", [])
        context["commission_name"] = _commission_name(grant)
    return context


def _commission_name(grant) -> str:
    if grant is None:
        return ""
    if grant.commission_id:
        return grant.commission.name
    if grant.group_id:
        return grant.group.commission.name
    if grant.unit_id:
        return grant.unit.commission.name
    return ""
