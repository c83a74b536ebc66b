"""The plans in the admin: a draft's tiltak and texts are edited freely; an adopted
plan's texts are read-only and only the follow-up changes, recording who changed
it and when."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from kontakter.personvern import NO_PERSONAL_DATA
from tests.accounts import log_in_verified
from tests.admin_forms import form_data, inline_prefix, new_inline_row
from tests.factories import make_plan, make_tiltak
from tiltak.intern.roles import COORDINATOR
from tiltak.models import Handlingsplan, Oppfolgingstall, Planseksjon, Plantiltak

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    user = User.objects.create_user("koordinator", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    return user


@pytest.fixture
def coordinator(client, user):
    log_in_verified(client, user)
    return client


@pytest.fixture
def adopted() -> Handlingsplan:
    return make_plan(tiltak=[make_tiltak(), make_tiltak()])


@pytest.fixture
def draft(adopted) -> Handlingsplan:
    plan = make_plan(fra_ar=2024, status=Handlingsplan.Status.UTKAST)
    for member in adopted.medlemmer.all():
        member.pk, member.plan = None, plan
        member.save()
    return plan


def plan_url(plan: Handlingsplan) -> str:
    return reverse("admin:tiltak_handlingsplan_change", args=[plan.pk])


def member_url(member: Plantiltak) -> str:
    return reverse("admin:tiltak_plantiltak_change", args=[member.pk])


def member_inline(response):
    (inline,) = [
        i
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is Plantiltak
    ]
    return inline


def member_forms(response):
    return member_inline(response).formset


# --- An adopted plan ---------------------------------------------------------------


def test_an_adopted_plans_texts_are_read_only(coordinator, adopted):
    member = adopted.medlemmer.first()
    page = coordinator.get(member_url(member))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert {"oppfolging", "oppfolging_kommentar"} <= set(form.fields)
    assert not {"tittel", "beskrivelse", "tiltak", "innsatsomrade"} & set(form.fields)
    assert member.beskrivelse in page.content.decode()

    plan_page = coordinator.get(plan_url(adopted))
    assert not {"tittel", "periode", "fra_ar"} & set(
        plan_page.context["adminform"].form.fields
    )
    formset = member_forms(plan_page)
    assert set(formset.forms[0].fields) >= {"oppfolging", "oppfolging_kommentar"}
    assert "beskrivelse" not in formset.forms[0].fields
    assert not formset.can_delete
    assert not member_inline(plan_page).has_add_permission


def test_the_follow_up_of_an_adopted_plan_records_who_changed_it(
    coordinator, user, adopted
):
    member = adopted.medlemmer.first()
    page = coordinator.get(member_url(member))

    response = coordinator.post(
        member_url(member),
        form_data(page, oppfolging="i_gang", oppfolging_kommentar="Tre skoler."),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.oppfolging == "i_gang"
    assert member.oppfolging_endret_av == user
    assert member.oppfolging_endret is not None
    latest = member.history.first()
    assert latest.history_user == user and latest.oppfolging == "i_gang"


def test_the_follow_up_figures_count_as_a_change_of_the_follow_up(
    coordinator, user, adopted
):
    member = adopted.medlemmer.first()
    page = coordinator.get(member_url(member))
    row = new_inline_row(
        page, Oppfolgingstall, etikett="antall skoler", antall=4, rekkefolge=0
    )

    response = coordinator.post(member_url(member), form_data(page, **row))

    assert response.status_code == 302
    assert member.tall.get().antall == 4
    member.refresh_from_db()
    assert member.oppfolging_endret_av == user


def test_the_follow_up_help_texts_say_never_to_write_about_one_person(
    coordinator, adopted
):
    comment = Plantiltak._meta.get_field("oppfolging_kommentar").help_text
    label = Oppfolgingstall._meta.get_field("etikett").help_text
    assert comment.endswith(NO_PERSONAL_DATA)
    assert label.endswith("Aldri tall om en enkelt person.")
    member = adopted.medlemmer.first()
    Oppfolgingstall.objects.create(medlem=member, etikett="antall skoler", antall=3)

    html = coordinator.get(member_url(member)).text

    helptext = r'<div class="help" id="id_oppfolging_kommentar_helptext">\s*<div>'
    shown = re.search(helptext + r"([^<]*)</div>", html)
    assert shown and shown[1] == comment
    assert f'title="{label}"' in html
    assert "Tall i oppfølgingen (aldri tall om en enkelt person)" in html


def test_changing_a_follow_up_figure_is_in_its_history(coordinator, user, adopted):
    member = adopted.medlemmer.first()
    figure = Oppfolgingstall.objects.create(
        medlem=member, etikett="antall skoler", antall=3
    )
    page = coordinator.get(member_url(member))
    row = inline_prefix(page, figure)

    response = coordinator.post(
        member_url(member), form_data(page, **{f"{row}-antall": 5})
    )

    assert response.status_code == 302
    changed, made = figure.history.all()
    assert (made.history_type, made.antall) == ("+", 3)
    assert (changed.history_type, changed.antall) == ("~", 5)
    assert changed.history_user == user


def test_the_follow_up_is_edited_on_the_plans_page_too(coordinator, user, adopted):
    member = adopted.medlemmer.order_by("pk").first()
    page = coordinator.get(plan_url(adopted))
    row = inline_prefix(page, member)

    response = coordinator.post(
        plan_url(adopted), form_data(page, **{f"{row}-oppfolging": "gjennomfort"})
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.oppfolging == "gjennomfort"
    assert member.oppfolging_endret_av == user
    other = adopted.medlemmer.exclude(pk=member.pk).get()
    assert other.oppfolging_endret_av is None


def test_the_plan_page_links_to_the_next_steps(coordinator, adopted):
    html = coordinator.get(plan_url(adopted)).content.decode()
    assert f'href="{reverse("intern:plan", args=[adopted.slug])}"' in html
    assert "Lag neste års plan" in html
    make_plan(fra_ar=2024, status=Handlingsplan.Status.UTKAST)
    html = coordinator.get(plan_url(adopted)).content.decode()
    assert "Lag neste års plan" not in html


# --- A draft -------------------------------------------------------------------------


def test_a_drafts_titles_are_edited_in_the_plan_and_its_texts_on_each_tiltak(
    coordinator, draft
):
    member = draft.medlemmer.order_by("pk").first()
    page = coordinator.get(plan_url(draft))
    row = inline_prefix(page, member)
    assert member_forms(page).can_delete
    response = coordinator.post(
        plan_url(draft), form_data(page, **{f"{row}-tittel": "Ny tittel"})
    )
    assert response.status_code == 302

    page = coordinator.get(member_url(member))
    response = coordinator.post(
        member_url(member), form_data(page, beskrivelse="Ny tekst for neste år.")
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.tittel == "Ny tittel"
    assert member.beskrivelse == "Ny tekst for neste år."
    html = coordinator.get(plan_url(draft)).content.decode()
    assert f'href="{reverse("intern:vedta_plan", args=[draft.slug])}"' in html


def test_a_tiltak_added_to_a_draft_takes_its_own_texts(coordinator, draft):
    tiltak = make_tiltak(tittel="Nattravn", beskrivelse="Voksne ute om natta.")
    page = coordinator.get(plan_url(draft))
    row = new_inline_row(page, Plantiltak, tiltak=tiltak.pk, rekkefolge=9)

    response = coordinator.post(plan_url(draft), form_data(page, **row))

    assert response.status_code == 302
    member = draft.medlemmer.get(tiltak=tiltak)
    assert member.tittel == "Nattravn"
    assert member.beskrivelse == "Voksne ute om natta."
    assert member.innsatsomrade == tiltak.innsatsomrade


def test_new_members_go_only_into_drafts(coordinator, adopted, draft):
    page = coordinator.get(reverse("admin:tiltak_plantiltak_add"))
    choices = page.context["adminform"].form.fields["plan"].queryset
    assert list(choices) == [draft]


# --- The lists ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["tiltak_plantiltak", "tiltak_handlingsplan", "kontakter_kommune"]
)
def test_the_plan_lists_open(coordinator, adopted, name):
    response = coordinator.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200


def test_a_plan_with_more_tiltak_than_a_form_holds_links_to_their_list(
    coordinator, adopted, monkeypatch
):
    monkeypatch.setattr("tiltak.admin.INLINE_MEMBERS", 1)
    response = coordinator.get(plan_url(adopted))
    assert response.status_code == 200
    models = [i.formset.model for i in response.context["inline_admin_formsets"]]
    assert Plantiltak not in models
    listed = reverse("admin:tiltak_plantiltak_changelist")
    assert f"{listed}?plan__id__exact={adopted.pk}" in response.text
    assert "for mange tiltak" in response.text


def test_an_adopted_plan_and_its_background_are_not_deleted_or_edited(
    coordinator, adopted
):
    adopted.seksjoner.create(tittel="Bakgrunn", slug="bakgrunn", tekst="Vedtatt.")
    delete = reverse("admin:tiltak_handlingsplan_delete", args=[adopted.pk])
    assert coordinator.get(delete).status_code == 403
    page = coordinator.get(plan_url(adopted))
    (sections,) = [
        i
        for i in page.context["inline_admin_formsets"]
        if i.formset.model is Planseksjon
    ]
    assert not sections.has_change_permission and not sections.has_add_permission
    # Not even an administrator, who may delete drafts, deletes an adopted plan.
    coordinator.logout()
    log_in_verified(coordinator, User.objects.create_superuser("admin"))
    assert coordinator.get(delete).status_code == 403
    draft = make_plan(fra_ar=2030, status=Handlingsplan.Status.UTKAST)
    changelist = reverse("admin:tiltak_handlingsplan_changelist")
    for chosen, status in (([adopted.pk, draft.pk], 403), ([draft.pk], 302)):
        response = coordinator.post(
            changelist,
            {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
        )
        assert response.status_code == status
    assert Handlingsplan.objects.filter(pk=adopted.pk).exists()
    assert not Handlingsplan.objects.filter(pk=draft.pk).exists()


def test_the_decision_is_never_typed_in_the_admin(coordinator, draft):
    page = coordinator.get(plan_url(draft))
    fields = page.context["adminform"].form.fields
    assert not {"vedtatt_dato", "vedtatt_av", "saksnummer", "status"} & set(fields)


def test_a_draft_with_as_many_tiltak_as_its_form_shows_can_be_saved(coordinator):
    from django.conf import settings

    from tiltak.admin import INLINE_MEMBERS

    tiltak = [make_tiltak() for _ in range(INLINE_MEMBERS)]
    draft = make_plan(tiltak=tiltak, status=Handlingsplan.Status.UTKAST)
    page = coordinator.get(plan_url(draft))
    data = form_data(page, tittel="Ny tittel")
    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert coordinator.post(plan_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.tittel == "Ny tittel"
