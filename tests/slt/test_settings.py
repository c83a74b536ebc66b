import pytest
from django.core.exceptions import ImproperlyConfigured

from slt.settings import database_from_url, envbool, envlist


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
