"""The production set-up, run for real: manage.py and Gunicorn in subprocesses.

Each server is Gunicorn with slt/gunicorn.py and DEBUG off, as `make serve` starts
it, on a free port; the tests speak HTTP to it as a TLS proxy would (sending
X-Forwarded-Proto: https) and always stop it.
"""

import http.client
import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import make_aktor, make_kanal, make_tiltak
from tiltak.caching import APPLICATION_NAME

HOST = "slt.example.no"
START_TIMEOUT = 60


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow sync ORM calls in their event loop; a server
        # never may (Django's async.E001).
        if key
        not in (
            "DATABASE_URL",
            "STATIC_ROOT",
            "BIND",
            "PORT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "WEB_CONCURRENCY": "1",
    }
    return env | overrides


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


class Server:
    def __init__(self, port: int, log: Path):
        self.port = port
        self.log = log

    def get(self, path: str, https: bool = True, **headers: str):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": HOST} | headers
        if https:
            headers["X-Forwarded-Proto"] = "https"
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode("utf-8", "replace")
            return response
        finally:
            connection.close()

    def log_lines(self) -> list[dict]:
        text = self.log.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line[:1] == "{"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[Server]:
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "slt/gunicorn.py"],
            cwd=settings.BASE_DIR,
            env=env | {"PORT": str(port)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"Gunicorn stopped at start:\n{log.read_text()}")
            try:
                if server.get("/livez").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Gunicorn did not answer in time:\n{log.read_text()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """collectstatic as `make serve` runs it: hashed names, gzip and Brotli."""
    root = tmp_path_factory.mktemp("static")
    result = manage(
        "collectstatic", "--noinput", env=production_env(STATIC_ROOT=str(root))
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def server(tmp_path_factory, static_root) -> Iterator[Server]:
    """A production server on a migrated, empty SQLite database."""
    folder = tmp_path_factory.mktemp("server")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", STATIC_ROOT=str(static_root)
    )
    result = manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    with gunicorn(env, folder / "server.log") as running:
        yield running


@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory, static_root) -> Iterator[Server]:
    """A production server whose PostgreSQL socket directory does not exist."""
    folder = tmp_path_factory.mktemp("no-database")
    env = production_env(
        DATABASE_URL=f"postgres://slt@/slt?host={folder / 'finnes-ikke'}",
        STATIC_ROOT=str(static_root),
    )
    with gunicorn(env, folder / "server.log") as running:
        yield running


def test_it_passes_djangos_deployment_checks_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(CLIENT_IP_HEADER="X-Real-IP"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_server_answers_with_the_security_headers(server):
    response = server.get("/")
    assert response.status == 200
    assert "max-age=31536000; includeSubDomains" in response.getheader(
        "Strict-Transport-Security"
    )
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert "/static/css/slt." in response.text


def test_the_server_redirects_plain_http_but_not_the_probes(server):
    response = server.get("/om/", https=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/om/"
    assert server.get("/healthz", https=False).status == 200


def test_the_csrf_cookie_is_secure_behind_tls(server):
    cookie = server.get("/intern/logg-inn/").getheader("Set-Cookie")
    assert cookie.startswith("csrftoken=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in cookie


def test_the_server_sends_hashed_static_files_compressed_and_cached_for_long(
    server, static_root
):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/slt.css"]
    assert hashed != "css/slt.css"
    response = server.get(f"/static/{hashed}", **{"Accept-Encoding": "br, gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") in ("br", "gzip")
    cache_control = response.getheader("Cache-Control")
    assert "max-age=315360000" in cache_control
    assert "immutable" in cache_control


def test_the_server_logs_each_request_as_json_without_the_query_string(server):
    request_id = "test-1234-abcd"
    server.get("/tiltak/?q=hemmelig+navn", **{"X-Request-ID": request_id})
    time.sleep(0.5)  # the access log is written after the response
    [line] = [line for line in server.log_lines() if line["request_id"] == request_id]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/tiltak/", 200)
    assert "hemmelig" not in server.log.read_text()
    # Gunicorn's own access line, with the same id.
    assert '"GET /tiltak/" 200 ' in server.log.read_text()
    assert server.log.read_text().count(request_id) == 2


def test_without_a_database_only_liveness_answers(server_without_database):
    assert server_without_database.get("/livez").status == 200
    health = server_without_database.get("/healthz")
    assert health.status == 503
    assert "no-store" in health.getheader("Cache-Control")


def test_without_a_database_pages_answer_503_in_norwegian(server_without_database):
    response = server_without_database.get("/")
    assert response.status == 503
    assert response.getheader("Retry-After") == "30"
    assert "Tjenesten er midlertidig utilgjengelig" in response.text
    assert "Traceback" not in response.text
    assert "psycopg" not in response.text
    request_id = response.getheader("X-Request-ID")
    time.sleep(0.5)
    errors = [
        line for line in server_without_database.log_lines() if line["level"] == "ERROR"
    ]
    assert [error["request_id"] for error in errors] == [request_id]
    assert "OperationalError" in errors[0]["exception"]


@pytest.mark.only_on("postgresql")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_workers_are_told_of_an_edit(tmp_path, static_root):
    """Each worker listens for changes (tiltak.caching.Watcher), and a cached
    page never outlives a phone number changed by another process."""
    aktor = make_aktor(navn="Uteseksjonen")
    kanal = make_kanal(aktor=aktor, verdi="+4746934634", etikett="Vakttelefon")
    tiltak = make_tiltak(tittel="Natteravn", aktorer=[aktor], kanaler=[kanal])
    database = connection.settings_dict
    env = production_env(
        DATABASE_URL=(
            f"postgres://{database['USER']}@/{database['NAME']}?host={database['HOST']}"
        ),
        STATIC_ROOT=str(static_root),
        WEB_CONCURRENCY="2",
    )
    with gunicorn(env, tmp_path / "server.log") as server:
        url = f"/tiltak/{tiltak.slug}/"
        for _ in range(4):  # cached in both workers
            assert "469 34 634" in server.get(url).text

        def watchers() -> int:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                    [APPLICATION_NAME],
                )
                return cursor.fetchone()[0]

        deadline = time.monotonic() + 10
        while watchers() < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert watchers() == 2
        kanal.verdi = "+4722334455"
        kanal.save()  # committed: this test runs outside a transaction
        # The notice reaches each worker a moment after the commit (the Watcher's
        # docstring); a request in that moment may still get the old page.
        deadline = time.monotonic() + 2
        fresh = 0
        while fresh < 4:  # in a row, whichever worker answers
            assert time.monotonic() < deadline, "a worker was never told"
            html = server.get(url).text
            new = "22 33 44 55" in html and "469 34 634" not in html
            fresh = fresh + 1 if new else 0


# One editor's save, in a process of its own: read the counter, think, write it
# back one higher, all in one transaction, as the admin's saves run.
EDITOR = """
import os, sys, time
from django.db import OperationalError, connection, transaction
time.sleep(max(0.0, float(os.environ["START"]) - time.time()))
failed = 0
for _ in range(30):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM teller")
            (n,) = cursor.fetchone()
            time.sleep(0.01)
            cursor.execute("UPDATE teller SET n = %s", [n + 1])
    except OperationalError as error:
        failed += 1
        print(error, file=sys.stderr)
print(failed)
"""


@pytest.mark.only_on("sqlite")
def test_on_sqlite_editors_saving_at_once_wait_for_each_other(tmp_path):
    """Three processes save at the same moments: none gets «database is locked»,
    and none overwrites another's save (slt.settings.SQLITE_OPTIONS, and the WAL
    mode migrate sets)."""
    path = tmp_path / "db.sqlite3"
    env = production_env(DATABASE_URL=f"sqlite:///{path}")
    result = manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        database.execute("CREATE TABLE teller (n integer)")
        database.execute("INSERT INTO teller VALUES (0)")
    # All start at once, when every process has started Django.
    env["START"] = str(time.time() + 5)
    editors = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", EDITOR],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for editor in editors:
        out, err = editor.communicate(timeout=120)
        assert editor.returncode == 0, err
        assert out.strip().splitlines()[-1] == "0", err
    with sqlite3.connect(path) as database:
        assert database.execute("SELECT n FROM teller").fetchone() == (90,)
