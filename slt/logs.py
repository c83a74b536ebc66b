"""One JSON line per log record, each tagged with the id of the request it belongs to.

The id lives in a context variable set by slt.middleware.RequestIdMiddleware, and
on the request, so a record logged anywhere while a request is served (the access
line, django.request's error with its traceback or its warning for a 4xx, a
warning from a view) carries the same id as the response's X-Request-ID header.
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str] = ContextVar("request_id", default="-")

# Attributes the access line and django.request put on a record (via `extra`).
EXTRA_FIELDS = {
    "method": "method",
    "path": "path",
    "status": "status",
    "status_code": "status",
    "duration_ms": "duration_ms",
}


class RequestIdFilter(logging.Filter):
    """The id of the record's request. Django passes the request with what it logs
    about a response (django.request, django.security), and logs a 4xx only after
    the middleware has returned and reset the context variable."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id.get()
        return True


class WarningWithoutTraceback(logging.Filter):
    """For a logger whose records are a client's mistake, not a fault here: Django
    logs a request with a bad Host header (django.security.DisallowedHost) as an
    ERROR with its traceback, which every scanner on the internet fills the log
    with. One WARNING line with the message says all there is."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for attribute, key in EXTRA_FIELDS.items():
            if hasattr(record, attribute):
                line[key] = getattr(record, attribute)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
