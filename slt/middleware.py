import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from slt.logs import request_id

access_log = logging.getLogger("slt.request")

# A proxy's id is kept so one request can be followed through both logs; anything
# else (too long, odd characters that could forge a log line) is replaced.
INCOMING_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


class RequestIdMiddleware:
    """Give every request an id, put it on the response and log one line for it.

    First in MIDDLEWARE, so the line covers every other layer, redirects and error
    pages included. The line names the path only: the query string holds what
    people search for, which may be personal.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        current = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id.set(current)
        # For what Django logs after this returns (django.request's warning for a
        # 4xx, BaseHandler.get_response): slt.logs.RequestIdFilter reads it there.
        request.request_id = current
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = current
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


class PermissionsPolicyMiddleware:
    """Send the policies Django has no setting for: settings.PERMISSIONS_POLICY, and
    Cross-Origin-Resource-Policy: same-origin, so no other site can load a page,
    image or stylesheet of this one into its own (nothing here is meant to be
    embedded elsewhere)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
