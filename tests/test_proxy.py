"""nginx with deploy/nginx/slt-tiltak-proxy.conf in front of the production
server, run for real (README «Drift»): slow clients wait in nginx, not in
Gunicorn; the client's address reaches the lockout; Gunicorn is not named.

nginx runs in the foreground with a configuration in a temporary directory (pid,
logs and buffers there too), on a free port, plain HTTP: the TLS server of
deploy/nginx/slt-tiltak.conf includes the same file. It runs once, on SQLite:
the proxy does not care about the database. Without nginx the test is skipped
here and fails in CI (.ci/run installs it)."""

import http.client
import os
import re
import select
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.test_production import (
    HOST,
    free_port,
    gunicorn,
    manage,
    production_env,
    static_root,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.only_on("sqlite")

PROXY_CONF = settings.BASE_DIR / "deploy" / "nginx" / "slt-tiltak-proxy.conf"
# Shorter than the shipped 10 s, so that a test sees nginx give up on a client.
HEADER_TIMEOUT = 3
PASSWORD = "et-langt-passord-for-test"


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found:
        return found
    message = "nginx is not installed (apt-get install nginx; .ci/run does it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def proxy_conf_for_test() -> str:
    """The shipped file, with only the header timeout shortened."""
    text = PROXY_CONF.read_text(encoding="utf-8")
    text, count = re.subn(
        r"client_header_timeout \d+s;",
        f"client_header_timeout {HEADER_TIMEOUT}s;",
        text,
    )
    assert count == 1, "client_header_timeout is no longer set once"
    return text


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{user}
events {{ worker_connections 128; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream slt_tiltak {{ server 127.0.0.1:{app_port}; }}
    server {{
        listen 127.0.0.1:{port};
        server_name {host};
        include {folder}/slt-tiltak-proxy.conf;
    }}
}}
"""


class Proxy:
    def __init__(self, port: int, folder: Path):
        self.port = port
        self.folder = folder

    def request(
        self,
        method: str,
        path: str,
        *,
        source: str = "127.0.0.1",
        body: str | None = None,
        timeout: float = 10,
        **headers: str,
    ) -> http.client.HTTPResponse:
        """From the client address `source` (any 127.x.y.z is this machine)."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout, source_address=(source, 0)
        )
        try:
            connection.request(
                method, path, body=body, headers={"Host": HOST} | headers
            )
            response = connection.getresponse()
            response.text = response.read().decode("utf-8", "replace")
            return response
        finally:
            connection.close()

    def log(self) -> str:
        return (self.folder / "error.log").read_text(encoding="utf-8")


@contextmanager
def nginx(app_port: int, folder: Path) -> Iterator[Proxy]:
    binary = nginx_binary()
    (folder / "slt-tiltak-proxy.conf").write_text(proxy_conf_for_test())
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            folder=folder,
            port=port,
            app_port=app_port,
            host=HOST,
            # As root, nginx's workers would run as nobody, who cannot enter
            # pytest's temporary directory.
            user="user root;" if os.geteuid() == 0 else "",
        )
    )
    process = subprocess.Popen(
        [binary, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    proxy = Proxy(port, folder)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"nginx stopped at start:\n{proxy.log()}")
            try:
                if proxy.request("GET", "/livez", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"nginx did not answer in time:\n{proxy.log()}")
            time.sleep(0.1)
        yield proxy
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, static_root) -> Iterator[Proxy]:  # noqa: F811
    """`make serve`'s Gunicorn (one worker, as small as it gets) on a migrated
    SQLite database with one staff user, and nginx in front of it. Plain HTTP
    (HTTPS_ONLY=0), and CLIENT_IP_HEADER as README «Drift» sets it."""
    folder = tmp_path_factory.mktemp("proxy")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(static_root),
        HTTPS_ONLY="0",
        CLIENT_IP_HEADER="X-Real-IP",
    )
    result = manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    create_user = (
        "from django.contrib.auth.models import User; "
        f"User.objects.create_user('gry', password='{PASSWORD}', is_staff=True)"
    )
    result = manage("shell", "-c", create_user, env=env)
    assert result.returncode == 0, result.stderr
    with (
        gunicorn(env, folder / "server.log") as app,
        nginx(app.port, folder) as running,
    ):
        yield running


# --- Slow clients ------------------------------------------------------------------


def slow_client(port: int) -> socket.socket:
    """A client that has begun a request and sends the rest of its headers slowly."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(f"GET /livez HTTP/1.1\r\nHost: {HOST}\r\n".encode())
    return sock


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server has hung up (after a 408 or without a word)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        data = sock.recv(4096)
    except ConnectionResetError:
        return True
    assert b" 200 " not in data
    return data == b"" or data.startswith(b"HTTP/1.1 408")


def test_slow_clients_do_not_stall_the_site_behind_nginx(proxy):
    """8 clients send a header line every half second (the attack sent one every
    5 s to 8 connections, and 4 of 9 probes timed out against Gunicorn alone);
    probes through nginx meanwhile all answer at once."""
    clients = [slow_client(proxy.port) for _ in range(8)]
    try:
        probes = []
        started = time.monotonic()
        line = 0
        while time.monotonic() - started < HEADER_TIMEOUT - 0.5:
            for sock in clients:
                sock.sendall(f"X-Langsom-{line}: ja\r\n".encode())
            line += 1
            for _ in range(2):
                before = time.monotonic()
                response = proxy.request("GET", "/livez", timeout=2)
                probes.append((response.status, time.monotonic() - before))
                time.sleep(0.2)
        assert len(probes) >= 9
        assert [status for status, _ in probes] == [200] * len(probes)
        assert max(duration for _, duration in probes) < 1
        assert not any(closed_by_server(sock) for sock in clients)

        # nginx gives up on them once client_header_timeout has passed.
        deadline = started + HEADER_TIMEOUT + 2
        open_clients = set(clients)
        while open_clients and time.monotonic() < deadline:
            for sock in list(open_clients):
                try:
                    sock.sendall(b"X-Langsom: ja\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    open_clients.discard(sock)
                    continue
                if closed_by_server(sock):
                    open_clients.discard(sock)
            time.sleep(0.2)
        assert not open_clients, "nginx kept slow clients past client_header_timeout"
    finally:
        for sock in clients:
            sock.close()


# --- Headers -----------------------------------------------------------------------


def test_nginx_does_not_name_gunicorn_or_its_own_version(proxy):
    response = proxy.request("GET", "/")
    assert response.status == 200
    assert response.getheader("Server") == "nginx"
    assert "gunicorn" not in str(response.headers).lower()


def test_nginx_refuses_an_oversized_header(proxy):
    response = proxy.request("GET", "/livez", **{"X-Stor": "x" * 9000})
    assert response.status == 400


# --- The client's address, for the lockout ----------------------------------------


class Visitor:
    """A browser at one client address: cookies and the CSRF token."""

    def __init__(self, proxy: Proxy, address: str):
        self.proxy = proxy
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> http.client.HTTPResponse:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.proxy.request(
            method, path, source=self.address, **headers, **kwargs
        )
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            self.cookies[name] = value
        return response

    def log_in(self, password: str, **headers: str) -> int:
        page = self.request("GET", "/intern/logg-inn/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        body = urlencode(
            {
                "username": "gry",
                "password": password,
                "csrfmiddlewaretoken": token.group(1),
            }
        )
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = self.request("POST", "/intern/logg-inn/", body=body, headers=headers)
        return response.status


def test_through_nginx_an_attacker_locks_out_only_their_own_address(proxy):
    attacker = Visitor(proxy, "127.0.0.2")
    statuses = [attacker.log_in("feil") for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # Claiming another address changes nothing: nginx replaces these headers.
    forged = {"X-Real-IP": "127.0.0.3", "X-Forwarded-For": "127.0.0.3"}
    assert attacker.log_in(PASSWORD, **forged) == 429
    # The coordinator, at another address, is not locked out.
    assert Visitor(proxy, "127.0.0.3").log_in(PASSWORD) == 302


# --- The site's configuration, as installed -----------------------------------------


def test_the_shipped_site_configuration_is_valid_nginx(tmp_path):
    """deploy/nginx/slt-tiltak.conf as its comment installs it, with a throwaway
    certificate in place of the real one: `nginx -t` accepts it."""
    binary = nginx_binary()
    openssl = shutil.which("openssl")
    assert openssl, "openssl is not installed"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=slt.kommune.no"]
        + ["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    site = (PROXY_CONF.parent / "slt-tiltak.conf").read_text(encoding="utf-8")
    certificates = "/etc/letsencrypt/live/slt.kommune.no/"
    assert site.count(certificates) == 2
    site = site.replace(certificates + "fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace(certificates + "privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "sites-enabled").mkdir()
    (tmp_path / "sites-enabled" / "slt-tiltak").write_text(site)
    (tmp_path / "snippets").mkdir()
    shutil.copy(PROXY_CONF, tmp_path / "snippets")
    # What Debian's /etc/nginx/nginx.conf does, with paths of the test's own.
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        NGINX_CONF.split("http {{")[0].format(folder=tmp_path, user="")
        + "http {\n"
        + "".join(
            f"    {kind}_temp_path {tmp_path}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + "    include sites-enabled/*;\n}\n"
    )
    result = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(conf)]
        + ["-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
