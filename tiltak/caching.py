"""Conditional GET and a page cache for the public pages: the one place they live.

Both hang on Dataversjon, a counter every save or delete of tiltak and kontakter
data bumps (signals below, and `bump()` after bulk writes that send none):

- a public page's ETag is the release and the counter, its Last-Modified the time
  of the last change, so a browser revalidating an unchanged page gets a 304
  without the page being built;
- a visitor's page is cached under the counter, so the first request after an
  edit finds nothing and builds the page afresh. Every server process reads the
  counter from the database on each request: no process can serve a phone
  number an editor has changed, whatever cache it has.

Only anonymous GETs are cached: a logged-in editor sees drafts and must always
see the database itself. `CACHES_ENABLED=0` turns the cache off (the benchmark
measures both); conditional GET stays.
"""

import hashlib
import os
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from tiltak.models import Dataversjon, Sokeindeks, Sokeord

# Derived from other rows; a change to them is not a change of content.
NOT_CONTENT = (Dataversjon, Sokeindeks, Sokeord)
# Pages for editors, files with their own caching, and the health checks.
PRIVATE_PREFIXES = ("/admin/", "/intern/", "/static/", "/healthz", "/livez")
# Cookies that mean the page may be personal: a login or a flash message.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# A cached page lives until the data changes or the cache needs room.
PAGE_TIMEOUT = 24 * 60 * 60
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


# --- The counter ------------------------------------------------------------------


@cache
def _counter_sql() -> str:
    quote = connection.ops.quote_name
    table = Dataversjon._meta.db_table
    return f"SELECT {quote('teller')}, {quote('endret')} FROM {quote(table)} LIMIT 1"


def current() -> tuple[int, datetime]:
    """The number of changes so far and the time of the last one: one query.

    Plain SQL: every public request asks, and building the ORM query cost more
    than running it. SQLite gives the stored UTC time without its zone.
    """
    with connection.cursor() as cursor:
        cursor.execute(_counter_sql())
        row = cursor.fetchone()
    if row is None:
        return 0, EPOCH
    teller, endret = row
    return teller, endret if endret.tzinfo else endret.replace(tzinfo=UTC)


def bump(**kwargs) -> None:
    """Count a change. Runs in the writer's transaction, so a rollback undoes it."""
    now = timezone.now()
    if not Dataversjon.objects.update(teller=F("teller") + 1, endret=now):
        Dataversjon.objects.create(teller=1, endret=now)


def connect_signals() -> None:
    """Bump on every save and delete of the content models of both apps."""
    for label in ("kontakter", "tiltak"):
        for model in apps.get_app_config(label).get_models():
            # django-simple-history's copies have `instance_type`; a revert
            # saves the real row, which bumps.
            if issubclass(model, NOT_CONTENT) or hasattr(model, "instance_type"):
                continue
            uid = f"dataversjon-{model._meta.label}"
            post_save.connect(bump, sender=model, dispatch_uid=uid)
            post_delete.connect(bump, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    bump, sender=field.remote_field.through, dispatch_uid=uid
                )


# --- Pages ------------------------------------------------------------------------


@cache
def release() -> str:
    """What the running code is: a new release changes every ETag.

    RELEASE from the environment when the deployment sets it, otherwise a hash of
    the code, templates and static files this process started with.
    """
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in ("slt", "tiltak", "kontakter", "templates", "static"):
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:12]


def is_public_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIVATE_PREFIXES)
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
    )


def is_cacheable(response: HttpResponse) -> bool:
    """A whole, ordinary page that says nothing against being stored."""
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("no-store", "no-cache", "private"))
    )


class PublicPageMiddleware:
    """ETag, Last-Modified and 304s for visitors' pages, and their page cache.

    Last in MIDDLEWARE, so a cached page still passes every other middleware
    (security headers, CSP) on its way out.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public_request(request):
            return self.get_response(request)
        teller, endret = current()
        # The time as well as the count: a database restored from a backup
        # counts afresh, but never at the same microsecond.
        version = f"{release()}-{teller}-{endret.timestamp():.6f}"
        etag = f'"{hashlib.sha256(version.encode()).hexdigest()[:20]}"'
        last_modified = int(endret.timestamp())
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if not_modified is not None:
            return not_modified
        key = self.key(request, etag)
        store = caches["default"]
        response = store.get(key) if request.method == "GET" else None
        if response is None:
            response = self.get_response(request)
            if not is_cacheable(response):
                return response
            if request.method == "GET":
                store.set(key, response, PAGE_TIMEOUT)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        # Revalidate each time: cheap with a 304, and never a stale number.
        response.headers.setdefault("Cache-Control", "no-cache")
        patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def key(request: HttpRequest, etag: str) -> str:
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        version = etag.strip('"')
        return f"side:{version}:{digest}"
