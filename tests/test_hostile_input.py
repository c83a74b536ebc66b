"""Hostile query strings against every public GET view.

Generated query strings reach Django as a WSGI server hands them over (raw
bytes read as Latin-1), so broken percent escapes, NUL bytes and non-UTF-8
bytes arrive unfiltered. No page may answer with a 5xx, the tiltak list answers
a bad filter with a visible Norwegian message, and nothing from the address is
reflected unescaped.
"""

from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.routes import PUBLIC, public_routes
from tiltak.seed import load_seed
from tiltak.views import PAGE_SIZE

LIST = "/tiltak/"
NOT_FOUND = ["/finnes-ikke/", "/tiltak/finnes-ikke/", "/innsatsomrader/finnes-ikke/"]
ADDRESSES = dict(PUBLIC.values()) | dict.fromkeys(NOT_FOUND, 404)

# Markup and quotes that would break out of the page if reflected as they are.
# The number marks them as ours: the page itself never contains it.
PAYLOADS = [
    "<script>alert(7331)</script>",
    '"><svg onload=alert(7331)>',
    "'><img src=x onerror=alert(7331)>",
    '" autofocus onfocus="alert(7331)',
    "</textarea><b>7331</b>",
    "' OR 1=1 --7331",
    "1; DROP TABLE tiltak_tiltak; --7331",
    "%' OR '7331'='7331",
    "javascript:alert(7331)",
]
DANGEROUS = [p for p in PAYLOADS if set(p) & set("<>\"'")]
BROKEN_ESCAPES = ["%ff%fe", "%", "%zz", "%00", "%e2%82", "%c0%af", "%ed%a0%80", "%%"]
KEYS = [
    "q",
    "innsatsomrade",
    "ansvar",
    "alder",
    "nytt",
    "side",
    "per_side",
    "page",
    "limit",
    "id",
    "q[]",
    "",
    "utm_source",
    "__proto__",
]
SLUGS = ["vold-og-overgrep", "ungdomskriminalitet", "out", "finnes-ikke", "on"]
NUMBERS = ["1e400", "-0", "0x10", "١٥", "１５", "NaN", "inf", "1.5", "9" * 5000]


def wsgi(text: str) -> str:
    """Text sent unencoded: its UTF-8 bytes, as a WSGI server passes them on."""
    return text.encode("utf-8").decode("latin-1")


numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(NUMBERS).map(wsgi),
)
fragments = st.one_of(
    st.sampled_from(BROKEN_ESCAPES),
    st.sampled_from(PAYLOADS).map(lambda p: quote(p, safe="")),
    st.sampled_from(PAYLOADS).map(wsgi),
    st.sampled_from(SLUGS),
    numbers,
    st.text(max_size=30).map(lambda t: quote(t, safe="")),
    st.text(max_size=30).map(wsgi),
    st.binary(max_size=20).map(lambda b: b.decode("latin-1")),
    st.integers(min_value=200, max_value=10_000).map(lambda n: "x" * n),
)
values = st.lists(fragments, max_size=3).map("".join)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=10).map(wsgi))
pairs = st.one_of(
    st.tuples(keys, values).map("=".join),
    keys,
)
query_strings = st.lists(pairs, max_size=8).flatmap(
    lambda items: st.sampled_from(["&", ";", "&&"]).map(lambda sep: sep.join(items))
)


def assert_handled(response, path: str) -> None:
    assert response.status_code < 500
    body = response.content.decode("utf-8", errors="replace")
    for payload in DANGEROUS:
        assert payload not in body
    if path != LIST:
        assert response.status_code == ADDRESSES[path]
        return
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert (
            "Noe i filteret kunne ikke brukes" in body
            or "Vi forsto ikke forespørselen" in body
        )
    if response.context and "page" in response.context:
        assert len(response.context["page"].object_list) <= PAGE_SIZE


@pytest.fixture(scope="module")
def plan(django_db_setup, django_db_blocker) -> None:
    """The real plan as `seeded` loads it, but once for the module, rolled back
    after it; each test runs in its own savepoint inside this transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_seed(django_settings.SEED_FIXTURE)
        yield
        transaction.set_rollback(True)


def test_every_public_route_is_covered_by_these_tests():
    assert sorted(public_routes()) == sorted(PUBLIC)


@pytest.mark.django_db
def test_no_generated_query_string_breaks_the_tiltak_list(client, plan):
    @settings(
        max_examples=600,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(query=query_strings)
    def check(query: str) -> None:
        assert_handled(client.get(LIST, QUERY_STRING=query), LIST)

    check()


@pytest.mark.django_db
def test_no_generated_query_string_breaks_any_public_page(client, plan):
    @settings(
        max_examples=400,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(path=st.sampled_from(sorted(ADDRESSES)), query=query_strings)
    def check(path: str, query: str) -> None:
        assert_handled(client.get(path, QUERY_STRING=query), path)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/tiltak/%3Cscript%3Ealert(7331)%3C%2Fscript%3E/",
        "/tiltak/hasj%00/",
        "/tiltak/" + "a" * 10_000 + "/",
        "/innsatsomrader/" + "a" * 10_000 + "/",
        '/"><svg onload=alert(7331)>/',
    ],
)
def test_a_hostile_address_gives_the_404_page_without_echoing_it(client, plan, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.text
    assert "7331" not in response.text


# --- The named cases, one by one -------------------------------------------------


def get_list(client, query: str):
    response = client.get(LIST, QUERY_STRING=query)
    assert_handled(response, LIST)
    return response


@pytest.mark.django_db
def test_it_answers_a_10000_character_search_with_a_visible_message(client, plan):
    response = get_list(client, "q=" + "hasj " * 2000)
    assert response.status_code == 400
    assert "Søket kan være på høyst 200 tegn." in response.text
    # The list still shows every tiltak, not a search cut short without saying so.
    assert response.context["page"].paginator.count == 42


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("alder", "message"),
    [
        ("-1", "Alderen kan ikke være under 0 år."),
        ("-99999999999999999999", "Alderen kan ikke være under 0 år."),
        ("1" + "0" * 30, "Alderen kan ikke være over 120 år."),
        ("1e400", "Skriv alderen som et helt tall"),
        ("9" * 5000, "Skriv alderen som et helt tall"),
        ("%00", "Skriv alderen som et helt tall"),
    ],
)
def test_it_answers_an_impossible_age_with_a_message(client, plan, alder, message):
    response = get_list(client, f"alder={alder}")
    assert response.status_code == 400
    assert message in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("side", "shown"),
    [
        (str(10**30), 3),
        ("9" * 5000, 1),
        ("abc", 1),
        ("1.5", 1),
        ("%ff%fe", 1),
        # Django's documented get_page(): out of range counts from the end.
        ("-1", 3),
        ("0", 3),
    ],
)
def test_a_hostile_page_number_shows_a_page_of_the_list(client, plan, side, shown):
    response = get_list(client, f"side={side}")
    assert response.status_code == 200
    assert response.context["page"].number == shown


@pytest.mark.django_db
def test_no_parameter_makes_a_page_longer_than_the_page_size(client, plan):
    query = "per_side=1000&page_size=1000&limit=1000&side=1&antall=1000"
    response = get_list(client, query)
    assert len(response.context["page"].object_list) == PAGE_SIZE


@pytest.mark.django_db
def test_unknown_parameters_are_ignored(client, plan):
    response = get_list(client, "utm_source=x&foo=%ff&innsatsomrade=vold-og-overgrep")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("q", "Søk"),
        ("innsatsomrade", "Innsatsområde"),
        ("ansvar", "Ansvarlig"),
        ("alder", "Alder"),
        ("nytt", "Bare nye tiltak"),
    ],
)
def test_a_repeated_filter_is_refused_with_a_message(client, plan, name, label):
    response = get_list(client, f"{name}=menneskehandel&{name}=15&{name}=on")
    assert response.status_code == 400
    assert f"Adressen har flere verdier for «{label}». Velg én." in response.text
    assert response.context["page"].paginator.count == 42


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["q", "innsatsomrade", "ansvar"])
def test_a_nul_byte_in_a_filter_gives_a_message(client, plan, name):
    response = get_list(client, f"{name}=hasj%00")
    assert response.status_code == 400
    assert "Null-tegn er ikke tillatt." in response.text


@pytest.mark.django_db
def test_a_search_for_markup_is_shown_escaped(client, plan):
    response = get_list(client, "q=" + quote('"><svg onload=alert(7331)>', safe=""))
    assert response.status_code == 200
    assert "Søk: «&quot;&gt;&lt;svg onload=alert(7331)&gt;»" in response.text


@pytest.mark.django_db
def test_broken_percent_escapes_are_read_as_replacement_characters(client, plan):
    response = get_list(client, "q=%ff%fe%zz%&alder=%c0%af")
    assert response.status_code == 400
    assert response.context["filter"].form.data["q"] == "\ufffd\ufffd%zz%"
    assert "Skriv alderen som et helt tall" in response.text


def values_in_sql(queries, values: list[str]) -> set[str]:
    sql = "\n".join(query["sql"] for query in queries)
    return {value for value in values if f"'{value}'" in sql}


@pytest.mark.django_db
@pytest.mark.parametrize("repeats", [500, 5000])
def test_many_repeated_values_never_reach_the_database(client, plan, repeats):
    slugs = [f"omrade-{n}" for n in range(repeats)]
    query = "&".join(f"innsatsomrade={slug}" for slug in slugs)
    with CaptureQueriesContext(connection) as queries:
        response = get_list(client, query)
    assert response.status_code == 400
    assert len(values_in_sql(queries, slugs)) <= 1
    assert len(queries) <= 14
