"""The acting user, as every layer names it in annotations.

core, audit, access and org sit below accounts and may not import its User. To the type checker,
django-stubs' `_User` is the configured AUTH_USER_MODEL (paizhu.accounts.models.User), so these
aliases give the real type without an import; they exist only for the checker:

    if TYPE_CHECKING:
        from paizhu.core.actors import Actor
"""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, _User

    Actor: TypeAlias = _User
    # Whoever a request carries: public pages and the access checks before login see AnonymousUser.
    AnyActor: TypeAlias = _User | AnonymousUser
