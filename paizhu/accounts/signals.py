"""Login, logout and lockout go to the audit trail. Connected in AccountsConfig.ready().

The attempted password is never recorded; a failed login for an unknown username keeps the
typed username as text only (no object reference).
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from paizhu.audit.services import record


def _known_user(username: str | None):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def _refused_while_locked(request) -> bool:
    # The axes backend refused before checking the password: no failure was counted for this attempt.
    return (
        request is not None
        and getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    )


def on_logged_in(sender, request, user, **kwargs):
    record(user, "auth.login", user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(user, "auth.logout", user, {"reason": getattr(request, "logout_reason", "user")})


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or ""
    details = {"username": username}
    if _refused_while_locked(request):
        details["reason"] = "locked"
    record(None, "auth.login_failed", _known_user(username), details)


def on_locked_out(sender, request, username, **kwargs):
    # axes sends this on the failure that locks the account and again on every attempt refused while
    # it stays locked; those are audited as failed logins with reason "locked".
    if _refused_while_locked(request):
        return
    record(None, "auth.locked_out", _known_user(username), {"username": username or ""})


def connect() -> None:
    from .middleware import start_idle_clock

    user_logged_in.connect(on_logged_in, dispatch_uid="paizhu.audit.login")
    user_logged_in.connect(start_idle_clock, dispatch_uid="paizhu.accounts.idle_clock")
    user_logged_out.connect(on_logged_out, dispatch_uid="paizhu.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="paizhu.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="paizhu.audit.locked_out")
