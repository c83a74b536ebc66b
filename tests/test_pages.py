import pytest
from django.urls import reverse

from tests.routes import PUBLIC
from tests.transactions import transaction_flags

PAGES = [
    ("forside", []),
    ("tiltak_liste", []),
    ("tiltak_detalj", ["hasjavvenningsprogram-hap"]),
    ("innsatsomrade", ["vold-og-overgrep"]),
    ("bekymret", []),
    ("om", []),
    ("tilgjengelighet", []),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_renders_in_norwegian_with_one_h1_and_landmarks(
    client, seeded, name, args
):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    html = response.text
    assert '<html lang="nb">' in html
    assert html.count("<h1") == 1
    for landmark in ("<header", "<main", "<footer", 'href="#innhold"'):
        assert landmark in html
    assert reverse("tilgjengelighet") in html


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_uses_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries, name, args
):
    with django_assert_max_num_queries(14):
        client.get(reverse(name, args=args))


@pytest.mark.django_db
def test_pages_have_a_strict_content_security_policy(client, seeded):
    policy = client.get(reverse("forside")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_no_page_has_inline_script_or_style(client, seeded):
    for name, args in PAGES:
        html = client.get(reverse(name, args=args)).text
        assert "<script>" not in html and "<style" not in html and " style=" not in html


# serialized_rollback: the flush after a transactional test would also remove what
# migrations made (the editor groups, the search synonyms) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("path", [path for path, _ in PUBLIC.values()])
def test_no_public_page_opens_a_transaction(client, path):
    """Public pages only read. On SQLite a transaction takes the write lock when
    it begins (slt.settings.SQLITE_OPTIONS), so a visitor's page inside one
    would hold up every editor's save while it is built."""
    with transaction_flags(tables=("",)) as in_transaction:
        client.get(path)
    assert not any(in_transaction)
