"""The NinjaAPI instance at /api/v1/. Each app contributes a router in its own `api.py`,
listed in ROUTERS; the same services and the same access scoping as the pages."""

from importlib import import_module

from django.conf import settings
from ninja import NinjaAPI
from ninja.security import SessionAuth

from paizhu.access.middleware import record_denied
from paizhu.accounts.middleware import needs_second_factor
from paizhu.core.errors import DomainError

# (prefix, module path of a `router`), mounted when the module exists.
ROUTERS = [
    ("/org/", "paizhu.org.api"),
    ("/intake/", "paizhu.intake.api"),
    ("/clues/", "paizhu.clues.api"),
]


class VerifiedSession(SessionAuth):
    """Session login, with the second factor passed where the role requires it (as for pages)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if not user:
            return None
        if needs_second_factor(user) and not user.is_verified():
            return None
        return user


api = NinjaAPI(
    title="派驻监督工作平台接口",
    version="1",
    urls_namespace="api",
    auth=VerifiedSession(),
    docs_url="/docs" if settings.DEBUG or settings.DEMO_MODE else None,
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    # A refusal on a record that exists is audited (access.denied); the answer is the same either way.
    user = getattr(request, "auth", None) or request.user
    record_denied(user, exc, channel="api", request=f"{request.method} {request.path}")
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


for prefix, module_path in ROUTERS:
    try:
        module = import_module(module_path)
    except ModuleNotFoundError as exc:
        if exc.name != module_path:
            raise
        continue
    api.add_router(prefix, module.router)
