"""Editing tiltak in the admin: roles, publishing, history, conflicts, validation."""

import datetime

import pytest
from django.conf import settings
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from kontakter.models import Aktor
from tests.accounts import log_in_verified
from tests.admin_forms import form_data
from tests.factories import make_tiltak
from tiltak.intern.roles import CHANNEL_EDITOR, COORDINATOR
from tiltak.models import Synonym, TidligereAdresse, Tiltak

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-passord-for-test"


def change_url(tiltak: Tiltak) -> str:
    return reverse("admin:tiltak_tiltak_change", args=[tiltak.pk])


@pytest.fixture
def make_user(django_user_model):
    def make(username: str, group: str | None = None):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def coordinator(client, make_user):
    log_in_verified(client, make_user("koordinator", COORDINATOR))
    return client


@pytest.fixture
def gatemegling(seeded) -> Tiltak:
    return Tiltak.objects.get(slug="gatemegling")


def save(client, tiltak: Tiltak, **changes):
    page = client.get(change_url(tiltak))
    return client.post(change_url(tiltak), form_data(page, **changes))


# --- Roles ---------------------------------------------------------------------


def test_every_installation_has_the_two_editor_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        COORDINATOR,
        CHANNEL_EDITOR,
    }


def test_the_coordinator_may_publish_and_archive_but_not_touch_users_or_groups():
    codenames = set(
        Group.objects.get(name=COORDINATOR).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"publish_tiltak", "archive_tiltak", "change_tiltak", "add_aktor"} <= (
        codenames
    )
    assert "delete_tiltak" not in codenames
    auth = Permission.objects.filter(content_type__app_label="auth")
    assert (
        not Group.objects.get(name=COORDINATOR).permissions.filter(pk__in=auth).exists()
    )


def test_the_channel_editor_may_only_change_contact_channels():
    codenames = set(
        Group.objects.get(name=CHANNEL_EDITOR).permissions.values_list(
            "codename", flat=True
        )
    )
    hours = {
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("betjeningstid", "betjeningsavvik")
    }
    assert codenames == {
        "change_kontaktkanal",
        "view_kontaktkanal",
        "view_aktor",
        *hours,
    }


def test_the_channel_editor_cannot_open_or_publish_a_tiltak(
    client, make_user, gatemegling
):
    client.force_login(make_user("redaktor", CHANNEL_EDITOR))
    assert client.get(change_url(gatemegling)).status_code == 403
    changelist = reverse("admin:tiltak_tiltak_changelist")
    response = client.post(
        changelist, {"action": "publish", "_selected_action": [gatemegling.pk]}
    )
    assert response.status_code == 403


def test_an_editor_without_publish_permission_can_only_save_drafts(client, make_user):
    from tests.factories import make_innsatsomrade

    user = make_user("skribent")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_tiltak", "change_tiltak"])
    )
    client.force_login(user)
    area = make_innsatsomrade()
    data = {
        "tittel": "Nytt tiltak",
        "slug": "nytt-tiltak",
        "innsatsomrade": area.pk,
        "beskrivelse": "Tekst.",
        "status": "publisert",
        "tiltakaktor_set-TOTAL_FORMS": 0,
        "tiltakaktor_set-INITIAL_FORMS": 0,
        "tiltakkanal_set-TOTAL_FORMS": 0,
        "tiltakkanal_set-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:tiltak_tiltak_add"), data)
    assert "Du kan ikke publisere tiltak" in response.content.decode()
    data["status"] = "utkast"
    client.post(reverse("admin:tiltak_tiltak_add"), data)
    assert Tiltak.objects.get(slug="nytt-tiltak").status == "utkast"


def test_create_coordinator_makes_a_staff_account_in_the_group(monkeypatch, capsys):
    monkeypatch.setenv("SLT_PASSORD", PASSWORD)
    call_command("create_coordinator", "gry", "--epost", "slt@kommune.no")
    user = Group.objects.get(name=COORDINATOR).user_set.get()
    assert (user.username, user.is_staff, user.is_superuser) == ("gry", True, False)
    assert "Opprettet gry" in capsys.readouterr().out


def test_create_coordinator_refuses_a_short_password(monkeypatch):
    from django.core.management import CommandError

    monkeypatch.setenv("SLT_PASSORD", "kort")
    with pytest.raises(CommandError, match="Passordet er for kort. Det må ha minst 12"):
        call_command("create_coordinator", "gry")


# --- The tiltak list -----------------------------------------------------------


def test_the_list_shows_every_tiltak_with_its_area_actors_and_status(
    coordinator, seeded
):
    response = coordinator.get(reverse("admin:tiltak_tiltak_changelist"), {"all": ""})
    html = response.content.decode()
    assert "42 tiltak" in html
    assert "Forebygge vold i nære relasjoner og seksuelle overgrep" in html
    assert "Skolehelsetjenesten, OUT, PHFS-U, HFU" in html
    for heading in ("Status", "Sist verifisert"):
        assert heading in html
    # Filters, not columns, so that every column fits at 1280 px.
    for heading in ("Etter nytt tiltak", "Etter oppdatert"):
        assert heading in html


def test_the_list_searches_actor_names(coordinator, seeded):
    response = coordinator.get(reverse("admin:tiltak_tiltak_changelist"), {"q": "OUT"})
    assert "Ungdomsmentorer" in response.content.decode()


def test_the_list_searches_as_the_site_does(coordinator, seeded):
    url = reverse("admin:tiltak_tiltak_changelist")
    # Another inflection of the title's word, which a plain «contains» would miss.
    html = coordinator.get(url, {"q": "ungdomsmentorene"}).content.decode()
    assert "Ungdomsmentorer" in html
    Synonym.objects.create(ord="narkotika", betyr="hasj")
    html = coordinator.get(url, {"q": "narkotika"}).content.decode()
    assert "Hasjavvenningsprogram" in html
    # No «Mente du …?» here: a misspelt word finds nothing, visibly.
    html = coordinator.get(url, {"q": "gatemeglng"}).content.decode()
    assert "0 tiltak" in html


def test_the_list_uses_a_fixed_number_of_queries(
    coordinator, seeded, django_assert_max_num_queries
):
    # Counting the session's device (two-factor) and its save (idle expiry).
    with django_assert_max_num_queries(15):
        coordinator.get(reverse("admin:tiltak_tiltak_changelist"))


def test_the_actors_column_keeps_the_plans_order(seeded):
    admin = site._registry[Tiltak]
    tiltak = admin.get_queryset(None).get(slug="gatemegling")
    assert admin.actor_names(tiltak) == "OUT, Møteplassene"


# --- The form ------------------------------------------------------------------


def test_the_form_is_grouped_the_way_an_editor_thinks(coordinator, gatemegling):
    html = coordinator.get(change_url(gatemegling)).content.decode()
    for heading in ("Innhold", "Målgruppe", "Ansvar og kontakt", "Publisering"):
        assert f">{heading}<" in html
    assert "Vakttelefon (OUT): 469 34 634" in html
    assert "Skriv aldri opplysninger om et enkelt barn" in html


def test_saving_content_keeps_the_last_verified_date(coordinator, gatemegling):
    gatemegling.sist_verifisert = datetime.date(2024, 1, 15)
    gatemegling.save()
    response = save(coordinator, gatemegling, beskrivelse="Ny beskrivelse.")
    assert response.status_code == 302
    gatemegling.refresh_from_db()
    assert gatemegling.beskrivelse == "Ny beskrivelse."
    assert gatemegling.sist_verifisert == datetime.date(2024, 1, 15)


def test_an_impossible_age_range_is_an_error_on_the_field(coordinator, gatemegling):
    response = save(coordinator, gatemegling, alder_fra=18, alder_til=10)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "må være lik eller høyere" in errors["alder_til"][0]


def test_a_changed_address_keeps_the_old_one_as_a_redirect(coordinator, gatemegling):
    response = save(coordinator, gatemegling, slug="gatemegling-for-ungdom")
    assert response.status_code == 302
    assert TidligereAdresse.objects.get(slug="gatemegling").tiltak == gatemegling
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("/tiltak/gatemegling/" in message for message in messages)


def test_view_on_site_points_to_the_public_page(gatemegling):
    assert gatemegling.get_absolute_url() == "/tiltak/gatemegling/"


# --- Actions -------------------------------------------------------------------


def run_action(client, action: str, *tiltak: Tiltak):
    return client.post(
        reverse("admin:tiltak_tiltak_changelist"),
        {"action": action, "_selected_action": [t.pk for t in tiltak]},
    )


def test_the_coordinator_publishes_and_archives_with_actions(coordinator, gatemegling):
    run_action(coordinator, "archive", gatemegling)
    gatemegling.refresh_from_db()
    assert gatemegling.status == "arkivert"
    run_action(coordinator, "publish", gatemegling)
    gatemegling.refresh_from_db()
    assert gatemegling.status == "publisert"
    assert gatemegling.history.count() == 3  # seeded, archived, published


def test_mark_verified_sets_todays_date(coordinator, gatemegling):
    run_action(coordinator, "mark_verified", gatemegling)
    gatemegling.refresh_from_db()
    assert gatemegling.sist_verifisert == datetime.date.today()


def test_a_tiltak_is_archived_instead_of_deleted(coordinator, gatemegling):
    url = reverse("admin:tiltak_tiltak_delete", args=[gatemegling.pk])
    response = coordinator.get(url, follow=True)
    assert "Tiltak slettes ikke. Arkiver det i stedet" in response.content.decode()
    assert Tiltak.objects.filter(pk=gatemegling.pk).exists()
    actions = coordinator.get(reverse("admin:tiltak_tiltak_changelist")).context[
        "action_form"
    ]
    assert "delete_selected" not in dict(actions.fields["action"].choices)


def test_an_actor_in_use_cannot_be_deleted_and_the_message_names_the_tiltak(
    client, django_user_model, seeded
):
    admin = django_user_model.objects.create_superuser("admin", "", "x")
    log_in_verified(client, admin)
    out = Aktor.objects.get(slug="out")
    url = reverse("admin:kontakter_aktor_delete", args=[out.pk])
    html = client.get(url).content.decode()
    assert "kan ikke slettes fordi den fortsatt brukes her" in html
    assert "Ansvarlig aktør: Gatemegling: Oppsøkende ungdomsteam (OUT)" in html
    client.post(url, {"post": "yes"})
    assert Aktor.objects.filter(pk=out.pk).exists()


# --- History -------------------------------------------------------------------


def test_every_change_is_in_the_history_with_who_and_what(coordinator, gatemegling):
    save(coordinator, gatemegling, tittel="Gatemegling – kurs")
    record = gatemegling.history.first()
    assert record.history_user.username == "koordinator"
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("tittel", "Gatemegling", "Gatemegling – kurs")
    ]
    url = reverse("admin:tiltak_tiltak_history", args=[gatemegling.pk])
    html = coordinator.get(url).content.decode()
    assert "Gatemegling – kurs" in html
    assert "Endringer i ansvarlige aktører og kontaktkanaler" in html


def test_a_change_can_be_reverted_from_the_history(coordinator, gatemegling):
    save(coordinator, gatemegling, beskrivelse="Første versjon.")
    save(coordinator, gatemegling, beskrivelse="Feil versjon.")
    first = gatemegling.history.get(beskrivelse="Første versjon.")
    url = reverse(
        "admin:tiltak_tiltak_simple_history", args=[gatemegling.pk, first.history_id]
    )
    page = coordinator.get(url)
    response = coordinator.post(url, form_data(page))
    assert response.status_code == 302
    gatemegling.refresh_from_db()
    assert gatemegling.beskrivelse == "Første versjon."


# --- Conflicts -----------------------------------------------------------------


def test_the_second_of_two_simultaneous_saves_is_refused(coordinator, gatemegling):
    first_page = coordinator.get(change_url(gatemegling))
    second_page = coordinator.get(change_url(gatemegling))
    first = coordinator.post(
        change_url(gatemegling), form_data(first_page, beskrivelse="Fra Kari.")
    )
    assert first.status_code == 302
    second = coordinator.post(
        change_url(gatemegling), form_data(second_page, beskrivelse="Fra Ola.")
    )
    assert second.status_code == 200
    html = second.content.decode()
    assert "Noen andre lagret denne posten" in html
    assert "Se hva som ble endret" in html
    assert "Fra Ola." in html  # the refused text stays in the form, not lost
    gatemegling.refresh_from_db()
    assert gatemegling.beskrivelse == "Fra Kari."


def test_a_save_after_reloading_goes_through(coordinator, gatemegling):
    save(coordinator, gatemegling, beskrivelse="Fra Kari.")
    response = save(coordinator, gatemegling, beskrivelse="Fra Ola.")
    assert response.status_code == 302
    gatemegling.refresh_from_db()
    assert gatemegling.beskrivelse == "Fra Ola."


# --- Transactions --------------------------------------------------------------


# serialized_rollback: the flush after a transactional test would also remove what
# migrations made (the editor groups, the search synonyms) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_pages_that_read_open_no_transaction_and_edits_run_in_one(admin_client):
    """On SQLite a transaction takes the write lock when it begins: an editor
    reading the list or a history must not keep the others' saves waiting. An
    action still saves all its tiltak or none (tests/test_failure.py)."""
    tiltak = make_tiltak(status=Tiltak.Status.UTKAST)
    in_transaction = []

    def record(execute, sql, params, many, context):
        if '"tiltak_tiltak"' in sql:
            in_transaction.append(context["connection"].in_atomic_block)
        return execute(sql, params, many, context)

    pages = [
        reverse("admin:tiltak_tiltak_changelist"),
        change_url(tiltak),
        reverse("admin:tiltak_tiltak_history", args=[tiltak.pk]),
    ]
    with connection.execute_wrapper(record):
        for url in pages:
            assert admin_client.get(url).status_code == 200
            assert in_transaction and not any(in_transaction), url
            in_transaction.clear()
        run_action(admin_client, "publish", tiltak)
    assert in_transaction and all(in_transaction)
    tiltak.refresh_from_db()
    assert tiltak.status == Tiltak.Status.PUBLISERT


# --- Re-import -----------------------------------------------------------------


def test_a_reimport_keeps_an_edit_made_in_the_admin(coordinator, gatemegling):
    save(coordinator, gatemegling, beskrivelse="Redigert av SLT-koordinator.")
    call_command("import_handlingsplan", str(settings.HANDLINGSPLAN_FILE), verbosity=0)
    gatemegling.refresh_from_db()
    assert gatemegling.beskrivelse == "Redigert av SLT-koordinator."


# --- Public pages seen from the admin --------------------------------------------


def test_a_draft_is_hidden_from_the_public_and_previewed_for_staff(
    client, coordinator, gatemegling
):
    gatemegling.status = Tiltak.Status.UTKAST
    gatemegling.save()
    preview = coordinator.get(gatemegling.get_absolute_url())
    assert preview.status_code == 200
    assert "Forhåndsvisning for redaktører" in preview.content.decode()
    assert "no-cache" in preview["Cache-Control"]
    client.logout()
    assert client.get(gatemegling.get_absolute_url()).status_code == 404
    assert "Gatemegling" not in client.get(reverse("tiltak_liste")).content.decode()


def test_an_old_address_redirects_to_the_renamed_tiltak(
    client, coordinator, gatemegling
):
    save(coordinator, gatemegling, slug="gatemegling-for-ungdom")
    client.logout()
    response = client.get("/tiltak/gatemegling/")
    assert response.status_code == 301
    assert response["Location"] == "/tiltak/gatemegling-for-ungdom/"
    assert client.get("/tiltak/finnes-ikke/").status_code == 404


def test_roles_can_be_applied_again_without_changing_them(django_user_model):
    from django.apps import apps

    from tiltak.intern.roles import apply_roles

    before = set(Group.objects.get(name=COORDINATOR).permissions.all())
    modules = [config.models_module for config in apps.get_app_configs()]
    apply_roles(apps)
    assert set(Group.objects.get(name=COORDINATOR).permissions.all()) == before
    assert [config.models_module for config in apps.get_app_configs()] == modules
