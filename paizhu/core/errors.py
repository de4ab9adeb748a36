"""Domain errors: raised by services, shown to users in Chinese by the middleware and the API."""


class DomainError(Exception):
    """A rule of the domain refused the request; the message is Chinese and shown to the user."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(DomainError):
    """The user may know the object exists but may not do this (403)."""

    status_code = 403

    def __init__(self, message: str = "您无权执行此操作。"):
        super().__init__(message)


class NotFound(DomainError):
    """The object is absent for this user: either missing or outside their need-to-know (404)."""

    status_code = 404

    def __init__(self, message: str = "未找到该记录，或您无权查看。"):
        super().__init__(message)


class IllegalTransition(DomainError):
    """A state change the workflow does not allow from the current state."""

    status_code = 409


class StaleEdit(DomainError):
    """Somebody else changed the record since it was loaded (optimistic locking)."""

    status_code = 409

    def __init__(self, message: str = "该记录已被他人修改，请刷新后重新操作。"):
        super().__init__(message)
