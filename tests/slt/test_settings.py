import pytest
from django.core.checks import WARNING, run_checks
from django.core.exceptions import ImproperlyConfigured

from slt.settings import database_from_url, envbool, envlist
from tests.test_production import manage, production_env


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("true", True), ("0", False)])
def test_envbool_reads_true_and_false(monkeypatch, raw, value):
    monkeypatch.setenv("FLAG", raw)
    assert envbool("FLAG", not value) is value


def test_envbool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert envbool("FLAG", True) is True


@pytest.mark.parametrize("raw", ["yes", "on", "2", "TRUE "])
def test_envbool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="FLAG must be"):
        envbool("FLAG", False)


def test_envlist_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "slt.kommune.no, www.slt.kommune.no,")
    assert envlist("HOSTS", []) == ["slt.kommune.no", "www.slt.kommune.no"]


def test_database_url_selects_postgresql_with_a_socket_directory():
    config = database_from_url(
        "postgres://slt:p%40ss@/slt?host=/tmp/pg&sslmode=disable"
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == (
        "slt",
        "slt",
        "p@ss",
    )
    assert config["HOST"] == "/tmp/pg"
    assert config["OPTIONS"] == {"sslmode": "disable"}


def test_database_url_selects_postgresql_over_tcp():
    config = database_from_url("postgresql://u:p@db.example.no:5433/tiltak")
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.example.no",
        "5433",
        "tiltak",
    )


def test_database_url_selects_an_sqlite_file():
    assert (
        database_from_url("sqlite:////srv/slt/db.sqlite3")["NAME"]
        == "/srv/slt/db.sqlite3"
    )


def test_database_url_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with"):
        database_from_url("mysql://localhost/slt")


# --- The client's address behind the proxy (CLIENT_IP_HEADER) ----------------------


# databases=[]: a JSONField's check would otherwise ask the database whether it
# supports JSON, and these tests have none.
def deploy_check_ids() -> set[str]:
    return {
        message.id
        for message in run_checks(include_deployment_checks=True, databases=[])
    }


def test_check_deploy_warns_behind_a_proxy_without_a_client_address_header(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CLIENT_IP_HEADER = ""
    [warning] = [
        message
        for message in run_checks(include_deployment_checks=True, databases=[])
        if message.id == "tiltak.W001"
    ]
    assert warning.level == WARNING
    assert "CLIENT_IP_HEADER" in warning.msg
    assert "X-Real-IP" in warning.hint


def test_check_deploy_is_content_with_the_header_the_proxy_sets(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert "tiltak.W001" not in deploy_check_ids()


def test_check_deploy_is_content_without_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.CLIENT_IP_HEADER = ""
    assert "tiltak.W001" not in deploy_check_ids()


def test_the_warning_is_only_a_deployment_check(settings):
    settings.CLIENT_IP_HEADER = ""
    assert "tiltak.W001" not in {message.id for message in run_checks(databases=[])}


@pytest.mark.parametrize("header", ["HTTP_X_REAL_IP", "X-Real-IP, X-Forwarded-For"])
def test_a_client_address_header_that_is_no_header_name_stops_the_start(header):
    result = manage("check", env=production_env(CLIENT_IP_HEADER=header))
    assert result.returncode != 0
    assert "CLIENT_IP_HEADER must be a header name like X-Real-IP" in result.stderr
