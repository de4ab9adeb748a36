"""Domain errors: raised by services, shown to users in Chinese by the middleware and the API."""


class DomainError(Exception):
    """A rule of the domain refused the request; the message is Chinese and shown to the user."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Refusal(DomainError):
    """A refusal that may name what was refused, so that the request layer can audit the attempt.

    `context` is None or {"model": <model class>, "pk": <the id asked for>, "action": "view" / "act" / ...}:
    raise `NotFound(model=Clue, pk=pk, action="act")`. The context never reaches the user; the request
    layer (`paizhu.access.middleware`, the API's error handler) records `access.denied` when the
    object exists, and answers the same either way.
    """

    default_message = ""

    def __init__(self, message: str | None = None, *, model=None, pk=None, action: str | None = None):
        super().__init__(message or self.default_message)
        self.context: dict | None = None if model is None else {"model": model, "pk": pk, "action": action or ""}


class PermissionDenied(Refusal):
    """The user may know the object exists but may not do this (403)."""

    status_code = 403
    default_message = "您无权执行此操作。"


class NotFound(Refusal):
    """The object is absent for this user: either missing or outside their need-to-know (404)."""

    status_code = 404
    default_message = "未找到该记录，或您无权查看。"


class IllegalTransition(DomainError):
    """A state change the workflow does not allow from the current state."""

    status_code = 409


class StaleEdit(DomainError):
    """Somebody else changed the record since it was loaded (optimistic locking)."""

    status_code = 409

    def __init__(self, message: str = "该记录已被他人修改，请刷新后重新操作。"):
        super().__init__(message)
