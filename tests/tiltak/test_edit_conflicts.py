"""Two editors, one record: the second of two conflicting saves is refused with
the same message, the editor's text stays in the form, and the first save
stands — for every admin of tiltak and kontakter (found in the admin site, so a
new model cannot slip through), every inline, and every editable column."""

import datetime

import pytest
from django import forms
from django.contrib.admin.sites import site
from django.forms.models import _get_foreign_key
from django.urls import reverse

from kontakter.models import Betjeningsavvik, Kontaktkanal
from tests.admin_forms import (
    changelist_data,
    form_data,
    inline_prefix,
    new_inline_row,
    two_editors,
)
from tests.factories import (
    make_aktor,
    make_innsatsomrade,
    make_kanal,
    make_plan,
    make_tiltak,
)
from tiltak.models import (
    Handlingsplan,
    Oppfolgingstall,
    Planseksjon,
    Plantiltak,
    Synonym,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
)
from tiltak.planer import lag_neste_plan

pytestmark = pytest.mark.django_db

REFUSED = "Endringene dine er ikke lagret, og ingenting er overskrevet."


@pytest.fixture
def editors(django_user_model):
    return two_editors(django_user_model)


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def assert_refused(response, verbose_name: str) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert "Noen andre lagret denne posten kl." in html
    assert REFUSED in html
    return html


def row_form(response, obj):
    prefix = inline_prefix(response, obj)
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            if form.prefix == prefix:
                return form
    raise LookupError(prefix)


# --- Innsatsområder -------------------------------------------------------------


def test_an_area_refuses_the_second_of_two_saves(editors):
    kari, ola = editors
    omrade = make_innsatsomrade()
    first, second = kari.get(change_url(omrade)), ola.get(change_url(omrade))
    ola.post(change_url(omrade), form_data(second, beskrivelse="Fra Ola."))

    refused = kari.post(change_url(omrade), form_data(first, beskrivelse="Fra Kari."))

    assert "Fra Kari." in assert_refused(refused, "innsatsområde")
    omrade.refresh_from_db()
    assert omrade.beskrivelse == "Fra Ola."


# --- The plan and its sections --------------------------------------------------


@pytest.fixture
def plan() -> Handlingsplan:
    # A draft: an adopted plan's period is no longer edited.
    plan = make_plan(
        tittel="Handlingsplan", kilde="plan.txt", status=Handlingsplan.Status.UTKAST
    )
    Planseksjon.objects.create(plan=plan, tittel="Bakgrunn", slug="bakgrunn")
    return plan


def test_a_plan_refuses_the_second_of_two_saves(editors, plan):
    kari, ola = editors
    first, second = kari.get(change_url(plan)), ola.get(change_url(plan))
    ola.post(change_url(plan), form_data(second, periode="skoleåret 2024–2025"))

    refused = kari.post(change_url(plan), form_data(first, periode="2023–2025"))

    assert "2023–2025" in assert_refused(refused, "handlingsplan")
    plan.refresh_from_db()
    assert plan.periode == "skoleåret 2024–2025"


def test_a_plans_section_refuses_the_second_of_two_saves(editors, plan):
    kari, ola = editors
    seksjon = plan.seksjoner.get()
    first, second = kari.get(change_url(plan)), ola.get(change_url(plan))
    row = inline_prefix(first, seksjon)
    saved = ola.post(change_url(plan), form_data(second, **{f"{row}-tekst": "Ola."}))
    assert saved.status_code == 302

    refused = kari.post(change_url(plan), form_data(first, **{f"{row}-tekst": "Kari."}))

    assert_refused(refused, "handlingsplan")
    form = row_form(refused, seksjon)
    assert "Noen andre lagret denne posten" in str(form.non_field_errors())
    assert form["tekst"].value() == "Kari."
    seksjon.refresh_from_db()
    assert seksjon.tekst == "Ola."


# --- A tiltak's links, which have no version of their own -----------------------


@pytest.fixture
def tiltak() -> Tiltak:
    return make_tiltak(aktorer=[make_aktor()], kanaler=[make_kanal()])


def test_a_changed_note_on_a_tiltaks_channel_is_not_overwritten(editors, tiltak):
    kari, ola = editors
    link = tiltak.tiltakkanal_set.get()
    first, second = kari.get(change_url(tiltak)), ola.get(change_url(tiltak))
    row = inline_prefix(first, link)
    saved = ola.post(
        change_url(tiltak), form_data(second, **{f"{row}-merknad": "Fra Ola."})
    )
    assert saved.status_code == 302

    refused = kari.post(
        change_url(tiltak), form_data(first, **{f"{row}-merknad": "Fra Kari."})
    )

    assert_refused(refused, "tiltak")
    assert row_form(refused, link)["merknad"].value() == "Fra Kari."
    link.refresh_from_db()
    assert link.merknad == "Fra Ola."


def test_a_channel_removed_from_a_tiltak_is_not_brought_back(editors, tiltak):
    kari, ola = editors
    link = tiltak.tiltakkanal_set.get()
    first, second = kari.get(change_url(tiltak)), ola.get(change_url(tiltak))
    row = inline_prefix(first, link)
    saved = ola.post(change_url(tiltak), form_data(second, **{f"{row}-DELETE": "on"}))
    assert saved.status_code == 302

    refused = kari.post(
        change_url(tiltak), form_data(first, **{f"{row}-merknad": "Fra Kari."})
    )

    assert_refused(refused, "tiltak")
    assert not TiltakKanal.objects.filter(tiltak=tiltak).exists()


def test_a_channel_added_twice_is_a_conflict_not_an_error(editors, tiltak):
    kari, ola = editors
    kanal = make_kanal(verdi="+4790000000", aktor=make_aktor())
    first, second = kari.get(change_url(tiltak)), ola.get(change_url(tiltak))
    added = new_inline_row(second, TiltakKanal, kanal=kanal.pk, rekkefolge=2)
    assert ola.post(change_url(tiltak), form_data(second, **added)).status_code == 302

    mine = new_inline_row(first, TiltakKanal, kanal=kanal.pk, merknad="Fra Kari.")
    refused = kari.post(change_url(tiltak), form_data(first, **mine))

    assert "Fra Kari." in assert_refused(refused, "tiltak")
    assert tiltak.tiltakkanal_set.get(kanal=kanal).merknad == ""


def test_a_changed_order_of_a_tiltaks_actors_is_not_overwritten(editors, tiltak):
    kari, ola = editors
    link = tiltak.tiltakaktor_set.get()
    first, second = kari.get(change_url(tiltak)), ola.get(change_url(tiltak))
    row = inline_prefix(first, link)
    ola.post(change_url(tiltak), form_data(second, **{f"{row}-rekkefolge": 3}))

    refused = kari.post(
        change_url(tiltak), form_data(first, **{f"{row}-rekkefolge": 4})
    )

    assert_refused(refused, "tiltak")
    assert TiltakAktor.objects.get(pk=link.pk).rekkefolge == 3


def test_a_change_to_a_link_alone_gives_the_tiltak_a_new_version(editors, tiltak):
    kari, _ = editors
    link = tiltak.tiltakkanal_set.get()
    page = kari.get(change_url(tiltak))
    row = inline_prefix(page, link)
    kari.post(change_url(tiltak), form_data(page, **{f"{row}-merknad": "Ring oss."}))
    assert Tiltak.objects.get(pk=tiltak.pk).versjon == tiltak.versjon + 1


def test_saving_a_tiltak_unchanged_makes_no_new_version(editors, tiltak):
    kari, _ = editors
    response = kari.post(change_url(tiltak), form_data(kari.get(change_url(tiltak))))
    assert response.status_code == 302
    assert Tiltak.objects.get(pk=tiltak.pk).versjon == tiltak.versjon


# --- Every admin, every inline, every editable column ---------------------------

ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in site._registry.items()
        if model._meta.app_label in {"kontakter", "tiltak"}
    ),
    key=lambda pair: pair[0]._meta.label,
)
INLINES = [
    (model, inline)
    for model, model_admin in ADMINS
    for inline in model_admin.get_inlines(None, None)
]
EDITABLE = [(model, admin) for model, admin in ADMINS if admin.list_editable]


def label(value) -> str:
    return getattr(value, "__name__", str(value))


@pytest.fixture
def one_of_each(seeded) -> None:
    """The seed, plus the kinds of record it lacks: an old address, a synonym, a
    figure in a tiltak's follow-up."""
    renamed = Tiltak.objects.get(slug="gatemegling")
    renamed.slug = "gatemegling-for-ungdom"
    renamed.save()
    Synonym.objects.get_or_create(ord="narkotika", betyr="rus")
    Oppfolgingstall.objects.create(
        medlem=Plantiltak.objects.first(), etikett="antall skoler", antall=3
    )
    Betjeningsavvik.objects.create(
        kanal=Kontaktkanal.objects.get(verdi="+4790821722"),
        fra_dato=datetime.date(2026, 12, 24),
        merknad="Julaften",
    )
    # A draft, whose sections and tiltak are edited (an adopted plan's are not).
    lag_neste_plan(Handlingsplan.objects.get())


def field_to_change(form) -> str:
    """A field of the row an editor may set to anything: a number, or else the
    last plain text field (a channel's «betjent», a note)."""
    visible = [
        name
        for name, field in form.fields.items()
        if not form[name].is_hidden and not field.disabled and name != "DELETE"
    ]
    numbers = [n for n in visible if isinstance(form.fields[n], forms.IntegerField)]
    # A weekly rule has only days and times: its closing time.
    times = [n for n in visible if isinstance(form.fields[n], forms.TimeField)]
    checked = (forms.SlugField, forms.EmailField, forms.URLField, forms.RegexField)
    texts = [
        n
        for n in visible
        if isinstance(form.fields[n], forms.CharField)
        and not isinstance(form.fields[n], checked)
    ]
    return (numbers or texts[-1:] or times[-1:])[0]


def changed(form, name: str, mark: int) -> str:
    value = form[name].value()
    if isinstance(form.fields[name], forms.IntegerField):
        return str(int(value or 0) + mark)
    if isinstance(form.fields[name], forms.TimeField):
        # A minute or two earlier: a rule still closes after it opens.
        minutes = value.hour * 60 + value.minute - mark
        return f"{minutes // 60:02d}:{minutes % 60:02d}:00"
    return f"{value or ''} {mark}".strip()


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=label)
def test_every_admin_refuses_a_save_over_another_editors(
    one_of_each, editors, model, model_admin
):
    kari, _ = editors
    record = model._default_manager.order_by("pk").first()
    assert record is not None, f"Make a {model.__name__} for this test"
    page = kari.get(change_url(record))
    assert 'name="base_version"' in page.content.decode()
    model._default_manager.get(pk=record.pk).save()  # someone else saved it

    refused = kari.post(change_url(record), form_data(page))

    assert_refused(refused, model._meta.verbose_name)


@pytest.mark.parametrize(("model", "inline"), INLINES, ids=label)
def test_every_inline_refuses_a_save_over_another_editors(
    one_of_each, editors, model, inline
):
    kari, ola = editors
    fk = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
    # The newest row: the draft plan's, for the plans' inlines.
    row = inline.model._default_manager.order_by("-pk").first()
    assert row is not None, f"Make a {inline.model.__name__} for this test"
    url = change_url(getattr(row, fk.name))
    first, second = kari.get(url), ola.get(url)
    form = row_form(first, row)
    name = field_to_change(form)
    field = f"{form.prefix}-{name}"
    saved = ola.post(url, form_data(second, **{field: changed(form, name, 1)}))
    assert saved.status_code == 302

    refused = kari.post(url, form_data(first, **{field: changed(form, name, 2)}))

    assert refused.status_code == 200
    assert REFUSED in refused.content.decode()
    assert row_form(refused, row)[name].value() == changed(form, name, 2)
    row.refresh_from_db()
    assert str(getattr(row, name)) == changed(form, name, 1)


@pytest.mark.parametrize(("model", "model_admin"), EDITABLE, ids=label)
def test_every_editable_column_refuses_a_save_over_another_editors(
    one_of_each, editors, model, model_admin
):
    kari, ola = editors
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    first, second = kari.get(url), ola.get(url)
    form = first.context["cl"].formset.forms[0]
    name = field_to_change(form)
    pk = form.instance.pk
    saved = ola.post(url, changelist_data(second, {pk: {name: changed(form, name, 1)}}))
    assert saved.status_code == 302

    refused = kari.post(
        url, changelist_data(first, {pk: {name: changed(form, name, 2)}})
    )

    assert_refused(refused, model._meta.verbose_name)
    assert str(getattr(model.objects.get(pk=pk), name)) == changed(form, name, 1)


def test_every_kind_of_record_an_editor_changes_is_covered():
    # The lists above come from the admin site; this keeps them from being empty.
    assert Kontaktkanal in dict(ADMINS) and Tiltak in dict(ADMINS)
    assert {inline.model for _, inline in INLINES} >= {TiltakKanal, Kontaktkanal}
    assert EDITABLE
