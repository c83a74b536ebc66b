"""Health probes, and the error pages (the CSRF failure page too), which must work
when the database does not."""

import logging
import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware import csrf
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from slt.context_processors import kommune
from slt.logs import request_id

logger = logging.getLogger(__name__)

# A database that is down, restarting or locked: worth retrying. Other database
# errors (an IntegrityError, a ProgrammingError) are bugs and stay a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _probe_answer(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain", status=status)
    # A failing probe is an answer, not an error in the application: django.request
    # would otherwise log every 503 from the load balancer's probes as one.
    response._has_been_logged = True
    return response


@never_cache
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers; nothing else is checked."""
    return _probe_answer("ok\n", 200)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers and so does the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_UNAVAILABLE as error:
        logger.warning("Health check: the database does not answer: %s", error)
        return _probe_answer("database unavailable\n", 503)
    return _probe_answer("ok\n", 200)


def _error_context(request: HttpRequest) -> dict:
    # Settings only: no user, session or messages, since these pages are shown
    # when the database (which holds them) may be gone.
    return {**kommune(request), "request_id": request_id.get()}


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that cannot answer gets a 503 with Retry-After.

    Django calls this from inside its exception handling, wherever the error
    arose (a view, or middleware such as sessions and authentication), so the
    exception is still at hand.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        response = HttpResponse(
            render_to_string("503.html", _error_context(request)), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(
        render_to_string("500.html", _error_context(request)), status=500
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page is in English, with an inline style
    the Content-Security-Policy blocks."""
    context = _error_context(request)
    context["uten_informasjonskapsel"] = reason == csrf.REASON_NO_CSRF_COOKIE
    return HttpResponseForbidden(render_to_string("403_csrf.html", context))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400, which says so when a form was too large to accept."""
    context = _error_context(request)
    # An address with thousands of parameters is no form: it gets the plain page.
    context["for_stort"] = request.method == "POST" and isinstance(
        exception, (RequestDataTooBig, TooManyFieldsSent)
    )
    return HttpResponse(render_to_string("400.html", context), status=400)
