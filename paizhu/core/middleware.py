from django.shortcuts import render

from .errors import DomainError


class DomainErrorMiddleware:
    """Turns a DomainError that escapes a view into a Chinese error page with its status code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        return render(
            request,
            "error.html",
            {"status": exception.status_code, "message": exception.message},
            status=exception.status_code,
        )
