"""Step-up: ask for the second factor again before revealing a reporter's identity or exporting.

    from paizhu.accounts.stepup import require_recent_otp

    def reveal_identity(request, pk):
        require_recent_otp(request)          # redirects to the code page unless verified in the last 5 minutes
        ...

`StepUpRequired` is turned into that redirect by `RequireSecondFactorMiddleware`; after a good code the
user returns to the page (a GET is repeated; after a POST they land on the page they came from and repeat
the action). With OTP_REQUIRED off (demo mode) there is no second factor to ask for.
"""

import time

from django.conf import settings

OTP_AT_SESSION_KEY = "paizhu_otp_verified_at"


class StepUpRequired(Exception):
    """The action needs a second-factor code entered within the last few minutes."""


def mark_verified(request) -> None:
    request.session[OTP_AT_SESSION_KEY] = time.time()


def has_recent_otp(request, minutes: int = 5) -> bool:
    verified_at = request.session.get(OTP_AT_SESSION_KEY)
    return request.user.is_verified() and verified_at is not None and time.time() - verified_at <= minutes * 60


def require_recent_otp(request, minutes: int = 5) -> None:
    """Raise StepUpRequired unless the user entered a code within `minutes` (no-op when 2FA is off)."""
    if settings.OTP_REQUIRED and not has_recent_otp(request, minutes):
        raise StepUpRequired()
