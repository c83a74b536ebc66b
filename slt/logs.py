"""One JSON line per log record, each tagged with the id of the request it belongs to.

The id lives in a context variable set by slt.middleware.RequestIdMiddleware, so a
record logged anywhere while a request is served (the access line, django.request's
error with its traceback, a warning from a view) carries the same id as the
response's X-Request-ID header.
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
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
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
