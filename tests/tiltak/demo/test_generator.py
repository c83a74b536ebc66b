import math
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kontakter.bekymret import load_bekymret, read_bekymret
from kontakter.models import Aktor, Bekymringstema, Kontaktkanal
from tiltak.demo import generator as demo
from tiltak.models import (
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Innsatsomrade,
    Oppfolgingstall,
    Planseksjon,
    Plantiltak,
    Sokeindeks,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
    TiltakTema,
)
from tiltak.search import search_tiltak
from tiltak.seed import canonical_content

pytestmark = pytest.mark.django_db

COMMON_WORDS = ["rus", "ungdom", "skole", "foreldre", "vold", "hasj"]


def generate(tiltak: int = 200, seed: int = 1, *args: str) -> str:
    out = StringIO()
    call_command(
        "generate_demo_data", "--tiltak", str(tiltak), "--seed", str(seed), *args,
        stdout=out,
    )  # fmt: skip
    return out.getvalue()


def test_it_creates_the_requested_tiltak_with_about_five_channels_each():
    output = generate(200)
    assert Tiltak.objects.count() == 200
    assert 4.5 * 200 <= TiltakKanal.objects.count() <= 5.5 * 200
    assert Kontaktkanal.objects.count() >= 3 * 200
    assert Aktor.objects.count() == demo.MIN_ACTORS
    assert Innsatsomrade.objects.count() == 5
    assert Sokeindeks.objects.count() == 200
    assert not Tiltak.objects.filter(aktorer=None).exists()
    assert "Opprettet demodata (frø 1)" in output
    assert "200 tiltak" in output
    assert "Tid:" in output


def test_it_shares_actors_and_their_channels_between_tiltak():
    generate(200)
    links = TiltakKanal.objects.order_by()
    assert links.values("kanal").distinct().count() < links.count(), "shown twice"
    assert TiltakAktor.objects.values("aktor").distinct().count() == demo.MIN_ACTORS


def test_it_mixes_statuses_ages_flags_dates_and_text_lengths():
    generate(300)
    tiltak = Tiltak.objects.all()
    published = tiltak.filter(status=Tiltak.Status.PUBLISERT).count()
    assert published > 0.7 * 300
    assert tiltak.filter(status=Tiltak.Status.UTKAST).exists()
    assert tiltak.filter(status=Tiltak.Status.ARKIVERT).exists()
    assert tiltak.filter(nytt=True).exists() and tiltak.filter(nytt=False).exists()
    assert tiltak.filter(alder_fra__isnull=True, alder_til__isnull=True).exists()
    assert tiltak.filter(alder_fra__isnull=False, alder_til__isnull=True).exists()
    assert tiltak.filter(alder_fra__isnull=False, alder_til__isnull=False).exists()
    dates = sorted(tiltak.exclude(sist_verifisert=None).values_list(
        "sist_verifisert", flat=True
    ))  # fmt: skip
    assert dates[0] >= demo.REFERENCE_DATE - timedelta(days=730)
    assert dates[-1] <= demo.REFERENCE_DATE
    assert dates[-1] - dates[0] > timedelta(days=600)
    assert tiltak.filter(sist_verifisert=None).exists()
    lengths = [len(text) for text in tiltak.values_list("beskrivelse", flat=True)]
    assert min(lengths) < 200
    assert max(lengths) > 1500
    assert tiltak.filter(beskrivelse__contains="\n\n").exists()
    assert tiltak.filter(beskrivelse__contains="\n• ").exists()


def test_every_generated_row_passes_full_clean_and_is_stored_normalised():
    generate(200)
    for model in (Tiltak, Aktor, Kontaktkanal, TiltakAktor, TiltakKanal):
        for instance in model.objects.order_by("pk")[::7]:
            instance.full_clean()
    for model in (Handlingsplan, Planseksjon, Innsatsomrade):
        for instance in model.objects.all():
            instance.full_clean()
    for kanal in Kontaktkanal.objects.exclude(type=Kontaktkanal.Type.ANNET):
        stored = kanal.verdi
        kanal.clean()
        assert kanal.verdi == stored, "stored as the app stores it"
        if kanal.type == Kontaktkanal.Type.TELEFON:
            assert stored.startswith("+47") and len(stored) == 11
        if kanal.type in (Kontaktkanal.Type.EPOST, Kontaktkanal.Type.NETT):
            assert ".example" in stored


def test_the_same_seed_gives_the_same_content():
    generate(60, 7)
    first = canonical_content()
    generate(60, 7)
    assert canonical_content() == first


def test_a_different_seed_gives_different_content():
    generate(60, 7)
    first = canonical_content()
    generate(60, 8)
    second = canonical_content()
    assert second["tiltak.Tiltak"] != first["tiltak.Tiltak"]
    assert second["kontakter.Kontaktkanal"] != first["kontakter.Kontaktkanal"]


def test_a_rerun_replaces_the_previous_demo_data():
    generate(150, 1)
    output = generate(100, 2)
    assert "Slettet forrige demodata" in output
    assert Tiltak.objects.count() == 100
    assert Sokeindeks.objects.count() == 100
    assert Aktor.objects.count() == demo.MIN_ACTORS
    assert Handlingsplan.objects.count() == 1
    assert not Kontaktkanal.objects.exclude(
        kilde_nokkel__startswith=demo.DEMO_KEY
    ).exists()
    assert not TiltakKanal.objects.exclude(tiltak__in=Tiltak.objects.all()).exists()


def test_it_refuses_a_database_with_real_data_and_changes_nothing(seeded):
    before = canonical_content()
    with pytest.raises(CommandError, match="ekte tiltak eller aktører"):
        generate(50)
    assert canonical_content() == before


def test_force_adds_demo_data_beside_real_data_and_a_rerun_keeps_it(seeded):
    before = canonical_content()
    generate(50, 1, "--force")
    assert Tiltak.objects.count() == 42 + 50
    generate(40, 2, "--force")
    assert Tiltak.objects.count() == 42 + 40
    assert Innsatsomrade.objects.count() == 5
    assert Handlingsplan.objects.get().kilde == "handlingsplan-2023-2024.txt"
    demo.delete_demo_data()
    assert canonical_content() == before


@pytest.mark.parametrize("value", ["0", "-3", "mange"])
def test_it_refuses_a_count_that_is_not_a_positive_whole_number(value):
    with pytest.raises(CommandError, match="positivt heltall"):
        call_command("generate_demo_data", "--tiltak", value)
    assert not Tiltak.objects.exists()


def test_public_pages_render_on_demo_data_and_common_words_find_tiltak(client):
    generate(200)
    published = Tiltak.objects.published()
    tiltak = published.order_by("pk").first()
    for url in (
        reverse("forside"),
        reverse("tiltak_liste"),
        tiltak.get_absolute_url(),
        reverse("innsatsomrade", args=[tiltak.innsatsomrade.slug]),
        reverse("om"),
        reverse("bekymret"),
        reverse("planer"),
        Handlingsplan.objects.get().get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url
    for word in COMMON_WORDS:
        assert search_tiltak(published, word).tiltak.exists(), word
    response = client.get(reverse("tiltak_liste"), {"q": "hasj"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count > 0


def test_generation_takes_queries_per_batch_not_per_row(monkeypatch):
    monkeypatch.setattr(demo, "BATCH_SIZE", 100)
    # «Er du bekymret?»'s own content, as a real database has it: the demo data
    # looks each row up (one query apiece, whatever the number of tiltak).
    content = read_bekymret(settings.BEKYMRET_FILE)
    load_bekymret(content)
    lookups = sum(len(content[part]) for part in ("nodnummer", "kontaktkort", "tema"))
    with CaptureQueriesContext(connection) as queries:
        demo.generate(300, 1)
    written = (
        Aktor, Kontaktkanal, Tiltak, TiltakAktor, TiltakKanal, TiltakTema, Plantiltak
    )  # fmt: skip
    batches = sum(math.ceil(model.objects.count() / 100) for model in written)
    assert batches > 25, "about 2,500 rows in batches of 100"
    # The search index is written in batches of its own (tiltak.search); the
    # fixed part includes the deletes of the last run (the demo plan's members and
    # their figures among them), one ANALYZE and the demo plan's kommune (looked
    # up, made and its first history row).
    assert len(queries) <= 40 + batches + lookups


def test_the_demo_plan_is_current_and_holds_every_published_tiltak_with_its_texts():
    generate(200)
    plan = Handlingsplan.objects.get()
    assert plan.status == Handlingsplan.Status.GJELDENDE
    assert Handlingsplan.objects.gjeldende() == plan
    assert "demodata" in plan.kommune.navn.lower()
    members = Plantiltak.objects.filter(plan=plan).select_related("tiltak")
    published = Tiltak.objects.published()
    assert {m.tiltak_id for m in members} == set(published.values_list("pk", flat=True))
    for member in members:
        tiltak = member.tiltak
        for name in PLAN_TEXT_FIELDS:
            assert getattr(member, name) == getattr(tiltak, name), name
        assert member.innsatsomrade_id == tiltak.innsatsomrade_id
        assert member.merket_nytt == tiltak.nytt
        assert member.oppfolging == Plantiltak.Oppfolging.IKKE_STARTET
    assert members.filter(merket_nytt=True).exists()
    assert members.filter(merket_nytt=False).exists()
    # A published tiltak names the demo plan as its plan.
    assert published.order_by("pk").first().plan == plan


def test_clearing_the_demo_data_removes_its_plan_members_and_their_figures():
    generate(100, 1)
    member = Plantiltak.objects.order_by("pk").first()
    Oppfolgingstall.objects.create(medlem=member, etikett="antall skoler", antall=3)
    generate(80, 2)
    assert Plantiltak.objects.count() == Tiltak.objects.published().count()
    assert not Oppfolgingstall.objects.exists()
    demo.delete_demo_data()
    assert not Plantiltak.objects.exists()
    assert not Handlingsplan.objects.exists()


def test_beside_a_real_plan_demo_tiltak_join_no_plan(seeded):
    members = Plantiltak.objects.count()
    generate(30, 1, "--force")
    assert Plantiltak.objects.count() == members
    assert not Plantiltak.objects.filter(tiltak__in=demo.demo_tiltak()).exists()


@pytest.mark.django_db
def test_er_du_bekymret_shows_demo_tiltak_under_every_concern(client):
    demo.generate(200, 1)
    temaer = Bekymringstema.objects.all()
    assert temaer.count() == len(read_bekymret(settings.BEKYMRET_FILE)["tema"])
    for tema in temaer:
        links = TiltakTema.objects.filter(tema=tema)
        assert links.count() == demo.THEME_TILTAK
        assert not links.exclude(tiltak__status=Tiltak.Status.PUBLISERT).exists()
    shown = TiltakTema.objects.order_by("tema__rekkefolge", "rekkefolge").first()
    # The tiltak are shown on each concern's own page.
    page = client.get(shown.tema.get_absolute_url()).content.decode()
    assert shown.tiltak.tittel in page
    # A second run replaces the links with its own, and keeps the concerns.
    demo.generate(200, 2)
    assert Bekymringstema.objects.count() == temaer.count()
    assert TiltakTema.objects.count() == demo.THEME_TILTAK * temaer.count()
