"""Conditional GET and a page cache for the public pages: the one place they live.

Both hang on Dataversjon, a counter every save or delete of tiltak and kontakter
data bumps (`bump()`, called from tiltak.signals on each save and delete, and
once per bulk write):

- a public page's ETag is the release and the counter, its Last-Modified the time
  of the last change, so a browser revalidating an unchanged page gets a 304
  without the page being built;
- a visitor's page is cached under the counter, so the first request after an
  edit finds nothing and builds the page afresh. Every server process reads the
  counter from the database on each request, or, on PostgreSQL under Gunicorn,
  is told of each change by the database (`Watcher` below): no process serves a
  phone number an editor has changed, whatever cache it has.

A page also says whether a line is open now (kontakter.betjening): the version
includes the last moment any line opened or closed (or midnight, when «i morgen»
changes meaning), so a page that says «Åpen nå» is neither served from the cache
nor answered with a 304 once a line has closed; a cached page expires at the next
such moment (`staffing_window`).

Only anonymous GETs are cached: a logged-in editor sees drafts and must always
see the database itself. `CACHES_ENABLED=0` turns the cache off (the benchmark
measures both); conditional GET stays.
"""

import hashlib
import json
import logging
import os
import threading
import time
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from kontakter import betjening
from kontakter.models import Kontaktkanal
from tiltak.models import Dataversjon

# Pages for editors, files with their own caching, and the health checks.
PRIVATE_PREFIXES = ("/admin/", "/intern/", "/static/", "/healthz", "/livez")
# Cookies that mean the page may be personal: a login or a flash message.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# A cached page lives until the data changes or the cache needs room.
PAGE_TIMEOUT = 24 * 60 * 60
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
# What tiltak migration 0011's trigger notifies on when the counter changes.
CHANNEL = "slt_dataversjon"
# The watchers' connections, as pg_stat_activity names them.
APPLICATION_NAME = "slt-dataversjon"
# How long a watcher waits for news before it reads the counter anyway, and how
# long it waits before connecting again after losing its connection.
HEARTBEAT_SECONDS = 10
RETRY_SECONDS = 2
# How often it looks up from waiting to see whether it is asked to stop.
STOP_CHECK_SECONDS = 0.5
# How long it waits for its own test notice before it concludes notices do not
# reach it (a pooler in transaction mode between it and PostgreSQL, say).
PROBE_SECONDS = 2

log = logging.getLogger(__name__)


# --- The counter ------------------------------------------------------------------


@cache
def _counter_sql() -> str:
    quote = connection.ops.quote_name
    table = Dataversjon._meta.db_table
    return f"SELECT {quote('teller')}, {quote('endret')} FROM {quote(table)} LIMIT 1"


def as_version(row: tuple | None) -> tuple[int, datetime]:
    """The counter's row as (changes, time); SQLite gives the UTC time unzoned."""
    if row is None:
        return 0, EPOCH
    teller, endret = row
    return teller, endret if endret.tzinfo else endret.replace(tzinfo=UTC)


def current() -> tuple[int, datetime]:
    """The number of changes so far and the time of the last one.

    What this process's watcher knows when it has news it can vouch for, else one
    query. Plain SQL: every public request asks, and building the ORM query cost
    more than running it.
    """
    known = WATCHER.version
    if known is not None:
        return known
    with connection.cursor() as cursor:
        cursor.execute(_counter_sql())
        return as_version(cursor.fetchone())


def bump() -> None:
    """Count a change. Runs in the writer's transaction, so a rollback undoes it.

    The writer's own process forgets what its watcher knew when the change is
    committed, without waiting for the database's notice.
    """
    now = timezone.now()
    if not Dataversjon.objects.update(teller=F("teller") + 1, endret=now):
        Dataversjon.objects.create(teller=1, endret=now)
    transaction.on_commit(WATCHER.forget)


# --- When a shown «Åpen nå» changes ------------------------------------------------

# This process's latest window: (data version, since, until).
_window: tuple[tuple[int, datetime], datetime, datetime] | None = None


def staffing_window(version: tuple[int, datetime]) -> tuple[datetime, datetime]:
    """The moments around now between which no line opens or closes and no
    wording changes; read again when the data or the window changes."""
    global _window
    now = timezone.now()
    known = _window
    if known is not None and known[0] == version and known[1] <= now < known[2]:
        return known[1], known[2]
    timeplans = Kontaktkanal.objects.filter(timeplan__isnull=False).values_list(
        "timeplan", flat=True
    )
    distinct = {json.dumps(plan, sort_keys=True): plan for plan in timeplans}
    since, until = betjening.window(list(distinct.values()), now)
    _window = (version, since, until)
    return since, until


# --- Told of changes instead of asking (PostgreSQL) ----------------------------------


class NoticesDoNotArrive(Exception):
    """PostgreSQL's notices do not reach the watcher's connection."""


class Watcher:
    """This process's copy of the counter, kept by a thread PostgreSQL notifies.

    Asking the database for the counter is the one query a cached page costs:
    about 0.4 ms on PostgreSQL, a round trip to another process, which was half
    of a cached page's time in-process. A watcher instead keeps a connection of
    its own that LISTENs on CHANNEL; migration 0011's trigger notifies it when
    any transaction that changed the counter commits, and it reads the counter
    again. Until it has read it, and whenever its connection is lost, it knows
    nothing (`version` is None) and `current()` asks the database as before.

    A page can therefore be older than an edit only for the moment between the
    commit and the notice reaching this process, as if the request had come
    that moment earlier. The process that saved forgets at once (bump), so an
    editor never sees the old page.

    Before it trusts its connection it sends itself a notice (`probe`); when
    that never arrives, as behind a pooler in transaction mode, it logs an
    error and leaves the process asking.

    Started in each Gunicorn worker (slt/gunicorn.py `post_fork`), only on
    PostgreSQL; the test suite, `runserver` and SQLite ask on each request.
    """

    def __init__(self) -> None:
        self.version: tuple[int, datetime] | None = None
        self._generation = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # The database server process of its connection, while it has one.
        self.backend_pid: int | None = None
        # Whether it has read the counter since it last lost its connection.
        self._trusted = True

    def forget(self) -> None:
        """Know nothing until the counter has been read again."""
        with self._lock:
            self._generation += 1
            self.version = None

    def start(self) -> None:
        if connection.vendor != "postgresql" or self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name="dataversjon-watcher", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=STOP_CHECK_SECONDS + 5)
        self._thread = None
        self.forget()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except NoticesDoNotArrive:
                log.error(
                    "Dataversjon: a notice sent to this process never arrived; "
                    "asking the database on each request instead"
                )
                return
            except Exception:
                # Once per outage, not on every attempt to connect again.
                if self._trusted:
                    log.warning(
                        "Dataversjon: cannot listen for changes; asking per request",
                        exc_info=True,
                    )
                self._trusted = False
            self.forget()
            self._stop.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
        wrapper.ensure_connection()  # autocommit: every read sees the latest commit
        try:
            raw = wrapper.connection
            # Named, so the database's pg_stat_activity shows the watchers.
            raw.execute(f"SET application_name = '{APPLICATION_NAME}'")
            # LISTEN before the first read: a change committed after the read
            # is always noticed.
            raw.execute(f"LISTEN {CHANNEL}")
            if not self.probe(raw):
                raise NoticesDoNotArrive
            self.backend_pid = raw.info.backend_pid
            while not self._stop.is_set():
                with self._lock:
                    generation = self._generation
                version = as_version(raw.execute(_counter_sql()).fetchone())
                with self._lock:
                    # A forget() during the read may be for a newer change.
                    if generation == self._generation:
                        self.version = version
                self._trusted = True
                self._await_news(raw)
                # News or a heartbeat: know nothing until read again, so a
                # connection that hangs on the read is never trusted.
                self.forget()
        finally:
            self.backend_pid = None
            wrapper.close()

    @staticmethod
    def probe(raw) -> bool:
        """Whether a notice sent now reaches this connection.

        PostgreSQL delivers a session's own notices to it when it listens. Behind
        a pooler that runs each statement on any server connection, LISTEN may
        be on one and the notice on another: better to know at once than to
        trust a watcher that is never told.
        """
        token = f"probe-{os.getpid()}-{time.monotonic_ns()}"
        raw.execute("SELECT pg_notify(%s, %s)", [CHANNEL, token])
        deadline = time.monotonic() + PROBE_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            for notice in raw.notifies(timeout=left):
                if notice.payload == token:
                    return True
        return False

    def _await_news(self, raw) -> None:
        """Until a notice comes, the heartbeat is due or stop() is called."""
        deadline = time.monotonic() + HEARTBEAT_SECONDS
        while not self._stop.is_set() and time.monotonic() < deadline:
            if list(raw.notifies(timeout=STOP_CHECK_SECONDS, stop_after=1)):
                return


WATCHER = Watcher()


def watch() -> None:
    """Start this process's watcher (Gunicorn's post_fork: after the fork)."""
    WATCHER.start()


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
        since, until = staffing_window((teller, endret))
        # The time as well as the count: a database restored from a backup
        # counts afresh, but never at the same microsecond.
        version = f"{release()}-{teller}-{endret.timestamp():.6f}-{since.timestamp()}"
        etag = f'"{hashlib.sha256(version.encode()).hexdigest()[:20]}"'
        last_modified = int(max(endret, since).timestamp())
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
                left = (until - timezone.now()).total_seconds()
                store.set(key, response, max(1, min(PAGE_TIMEOUT, int(left))))
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
