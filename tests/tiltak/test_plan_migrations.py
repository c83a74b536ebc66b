"""tiltak 0016–0018: the one plan of a database becomes its kommune's current plan,
holding every tiltak that is not archived, with its texts and «nytt» marks."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tiltak", "0015_merge"), ("kontakter", "0006_versions_everywhere")]
AFTER = [("tiltak", "0018_plans_of_a_kommune")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    yield migrate(BEFORE)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def old_plan_with_tiltak(apps) -> None:
    Handlingsplan = apps.get_model("tiltak", "Handlingsplan")
    Innsatsomrade = apps.get_model("tiltak", "Innsatsomrade")
    Tiltak = apps.get_model("tiltak", "Tiltak")
    Handlingsplan.objects.create(
        tittel="Handlingsplan",
        kommune="Lillestrøm kommune",
        periode="skoleåret 2023–2024",
        fra_ar=2023,
        til_ar=2024,
        kilde="handlingsplan-2023-2024.txt",
    )
    area = Innsatsomrade.objects.create(navn="Vold", slug="vold")
    for slug, status, nytt in [
        ("utekontakt", "publisert", False),
        ("ung-i-jobb", "publisert", True),
        ("gammelt", "arkivert", False),
    ]:
        Tiltak.objects.create(
            tittel=slug.capitalize(),
            slug=slug,
            beskrivelse=f"Om {slug}.",
            innsatsomrade=area,
            status=status,
            nytt=nytt,
            alder_fra=13,
        )


def test_the_plan_becomes_lillestroms_current_plan_with_its_tiltak(old_apps):
    old_plan_with_tiltak(old_apps)
    apps = migrate(AFTER)

    plan = apps.get_model("tiltak", "Handlingsplan").objects.get()
    assert (plan.kommune.navn, plan.kommune.nummer) == ("Lillestrøm", "3205")
    assert plan.status == "gjeldende"
    members = apps.get_model("tiltak", "Plantiltak").objects.filter(plan=plan)
    by_slug = {member.tiltak.slug: member for member in members}
    assert set(by_slug) == {"utekontakt", "ung-i-jobb"}
    assert by_slug["ung-i-jobb"].merket_nytt and not by_slug["utekontakt"].merket_nytt
    assert by_slug["utekontakt"].beskrivelse == "Om utekontakt."
    assert by_slug["utekontakt"].alder_fra == 13


def test_back_again_the_plan_names_its_kommune(old_apps):
    old_plan_with_tiltak(old_apps)
    migrate(AFTER)
    apps = migrate(BEFORE)

    plan = apps.get_model("tiltak", "Handlingsplan").objects.get()
    assert plan.kommune == "Lillestrøm kommune"
