"""Gunicorn's configuration: `gunicorn -c slt/gunicorn.py` (what `make serve` runs).

Read from the environment, with defaults for one server behind a TLS proxy:

- BIND (host:port or unix:/path) or PORT (default 8000, on 127.0.0.1): only a
  proxy on the same machine reaches the application unless BIND says otherwise.
- WEB_CONCURRENCY: worker processes. Default 2 × CPUs + 1, at most 8.
- GUNICORN_THREADS: threads per worker (default 2).
- GUNICORN_TIMEOUT: seconds before a silent worker is restarted (default 30).

Why threads: a page is mostly Python rendering templates (CPU) with short waits on
the database. The usual 2 × CPUs + 1 processes keep the CPUs busy while some
wait; two threads in each overlap those waits further, and a slow client or an
idle keep-alive connection no longer holds a whole process. More threads buy
little, since the GIL lets one of them run Python at a time. The cap of 8 bounds
memory and database connections: each thread keeps its own connection open
(CONN_MAX_AGE), so 8 × 2 = 16 at most, well below PostgreSQL's default 100.
"""

import os
from pathlib import Path


def _positive_int(name: str, default: int) -> int:
    value = os.environ.get(name) or str(default)
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")
    return int(value)


chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "slt.wsgi:application"

# Set here, since Gunicorn binds to 0.0.0.0 whenever PORT is in the environment.
bind = [os.environ.get("BIND") or f"127.0.0.1:{_positive_int('PORT', 8000)}"]

workers = _positive_int(
    "WEB_CONCURRENCY", min(2 * (os.process_cpu_count() or 1) + 1, 8)
)
worker_class = "gthread"
threads = _positive_int("GUNICORN_THREADS", 2)
timeout = _positive_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Load Django once before forking: a bad setting stops the server at once with its
# message, instead of workers failing to boot one after another.
preload_app = True
# Workers' heartbeat files on tmpfs, so a slow disk cannot make them look stuck.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# No runtime control socket: a shared default path would clash between servers.
control_socket_disable = True


def post_fork(server, worker) -> None:
    """In each worker: on PostgreSQL, be told of data changes instead of asking.

    tiltak.caching.Watcher: a cached page then costs no query at all. A thread
    cannot live through a fork, hence here and not when the app is preloaded.
    """
    from tiltak.caching import watch

    watch()


accesslog = "-"
errorlog = "-"
# %(U)s is the path without the query string: searches may hold personal data.
# No client address or referrer either; the request id links to Django's log line.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'
