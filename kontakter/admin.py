import json
import re
from datetime import timedelta
from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router, transaction
from django.db.models import Prefetch, QuerySet
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from kontakter import betjening, normalize
from kontakter.merge import merge_actors
from kontakter.models import (
    Aktor,
    Bekymringstema,
    Betjeningsavvik,
    Betjeningstid,
    Kontaktkanal,
    Kontaktkort,
    Kortkanal,
    Nodnummer,
    Temakanal,
    day_choices,
)
from kontakter.versioning import unix_newlines


@admin.action(permissions=["delete"], description=delete_selected.short_description)
@wraps(delete_selected)
def delete_selected_together(modeladmin, request, queryset):
    # Every admin's «Slett valgte»: the log entries and the deletes, or neither.
    with transaction.atomic(using=router.db_for_write(modeladmin.model)):
        return delete_selected(modeladmin, request, queryset)


admin.site.add_action(delete_selected_together, "delete_selected")


# --- Norwegian throughout ------------------------------------------------------

# Norwegian adjectives agree with the noun: «nytt tiltak», but «ny aktør». The
# admin only knows a model's name, so the neuter nouns among them are listed here;
# every other is masculine or feminine («ny kontaktkanal», «ny handlingsplan»).
NEUTER_NOUNS = {
    "bekymringstema",
    "innsatsområde",
    "kontaktkort",
    "nødnummer",
    "synonym",
    "tiltak",
}


def add_title(opts) -> str:
    """«Legg til nytt tiltak», «Legg til ny aktør»: by the first word's gender."""
    noun = str(opts.verbose_name)
    new = "nytt" if noun.split()[0].lower() in NEUTER_NOUNS else "ny"
    return f"Legg til {new} {noun}"


class UnixNewlinesField(forms.CharField):
    """Browsers send a textarea's line breaks as \\r\\n; stored text has \\n, so an
    unchanged text reads as unchanged and the history shows no false change."""

    def to_python(self, value):
        value = super().to_python(value)
        return unix_newlines(value) if value else value


def name_by_column(fields) -> None:
    """Name each field for screen readers by its label, where it stands under a
    column heading (a tabular inline's row, a changelist's editable row) and no
    <label> names it (axe: label, select-name). Checkboxes and radio buttons of
    a choice carry a label each already."""
    for field in fields:
        widget = field.widget
        own_labels = getattr(widget, "input_type", "") in ("checkbox", "radio")
        if widget.is_hidden or not field.label:
            continue
        if own_labels and not isinstance(widget, forms.CheckboxInput):
            continue
        widget.attrs.setdefault("aria-label", str(field.label))


class NamedAutocompleteSelect(admin_widgets.AutocompleteSelect):
    """An autocomplete field's box (select2) is named by the chosen item, so with
    none chosen it had no name (axe: aria-input-field-name): «Velg aktør» stands
    in it until something is chosen."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        label = str(self.field.verbose_name)
        attrs["data-placeholder"] = f"Velg {label[:1].lower()}{label[1:]}"
        return attrs


class NamedAutocomplete:
    """Autocomplete fields with NamedAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NorskAdmin(NamedAutocomplete, admin.ModelAdmin):
    """Every model's admin: a gender-correct «Legg til», texts saved as typed,
    every field named for screen readers."""

    formfield_overrides = {
        models.TextField: {
            "form_class": UnixNewlinesField,
            "widget": admin_widgets.AdminTextareaWidget,
        }
    }

    def add_view(self, request, form_url="", extra_context=None):
        context = {"title": add_title(self.opts), **(extra_context or {})}
        return super().add_view(request, form_url, context)

    def changelist_view(self, request, extra_context=None):
        context = {"add_title": add_title(self.opts), **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        name_by_column(formset.form.base_fields.values())
        return formset


EMPTY = "(tom)"
E164 = re.compile(r"\+\d{8,15}")


class HistoryDiff(HistoricalRecordContextHelper):
    """A history's «Endringer» as an editor reads them: «(tom)» for no value (never
    «None»), choices by their label, yes/no, phone numbers as 909 52 580."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if change.field == "timeplan":
            return describe_timeplan(value)
        if value is None or value == "":
            return EMPTY
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return "ja" if value else "nei"
        if isinstance(value, str) and E164.fullmatch(value):
            return normalize.format_phone(value)
        return value


def describe_timeplan(value) -> str:
    """A channel's compiled hours as the history shows them: the rules as a
    sentence, then each exception."""
    if isinstance(value, str):
        value = json.loads(value)
    if not value:
        return EMPTY
    plan = betjening.Timeplan.from_json(value)
    parts = [betjening.describe(value, False) or "Ingen faste tider"]
    parts += [betjening.exception_words(avvik) for avvik in plan.avvik]
    return "; ".join(parts)


def kanal_label(kanal: Kontaktkanal) -> str:
    """What a picker shows for a channel: whose it is, what it is, the value
    («Politiet – Drøftingstelefonen – 909 52 580»). The public pages keep str()."""
    aktor = kanal.aktor.kortnavn or kanal.aktor.navn
    return " – ".join(
        part for part in (aktor, kanal.etikett, kanal.display_value()) if part
    )


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The autocomplete answer, labelled by the model admin's `picker_label`."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "picker_label", None)
        return result | {"text": label(obj)} if label else result


def autocomplete_view(request):
    return LabelledAutocompleteJsonView.as_view(admin_site=admin.site)(request)


# The site has one autocomplete view for every picker; this one asks the model
# admin for the label (AdminSite.get_urls reads the attribute when urls load).
admin.site.autocomplete_view = autocomplete_view


class KanalPickerMixin:
    """An inline that picks contact channels: the picker's chosen value carries
    the same label as its suggestions (kanal_label)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.related_model is Kontaktkanal:
            field.label_from_instance = kanal_label
        return field


class PhoneShownForm(forms.ModelForm):
    """A channel's number in its field as the plan writes it (909 52 580); the
    model's clean() stores it as +47… again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kanal = self.instance
        if kanal.pk and kanal.type == Kontaktkanal.Type.TELEFON and kanal.verdi:
            self.initial["verdi"] = kanal.display_value()


def edit_conflict(model, pk, when=None) -> ValidationError:
    """The message for a stale save: someone else saved (or, without `when`,
    deleted) the record after this form was opened."""
    opts = model._meta
    try:
        history = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[pk]
        )
        advice = format_html(
            '<a href="{}" target="_blank">Se hva som ble endret</a>, kopier det du '
            "vil beholde, og åpne siden på nytt før du lagrer.",
            history,
        )
    except NoReverseMatch:  # a row with no admin of its own (Planseksjon)
        advice = "Kopier det du vil beholde, og åpne siden på nytt før du lagrer."
    if when is None:
        done = "Noen andre slettet denne posten"
    else:
        # «posten», not the model's name: «denne tiltak» is not Norwegian.
        time = localize(localtime(when).time().replace(microsecond=0))
        done = format_html("Noen andre lagret denne posten kl. {}", time)
    return ValidationError(
        format_html(
            "{} mens du redigerte. Endringene dine er ikke lagret, og ingenting er "
            "overskrevet. {}",
            done,
            advice,
        ),
        code="edit_conflict",
    )


class EditConflictForm(forms.ModelForm):
    """Refuses a save when someone else saved the record after this form was opened.

    The version the editor started from travels in a hidden field; clean() locks
    the row and compares it with the stored version, inside the admin's
    transaction, so two simultaneous saves cannot both pass. The record's form
    is always checked, since its version also stands for its inline links
    (VersionCheckAdmin.save_related).
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    check_conflict = True
    # An inline or changelist row is saved only when it differs from the stored
    # row; only then can it overwrite anything.
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.versjon

    @cached_property
    def changed_data(self) -> list[str]:
        # A stale version is a conflict, not a change the editor made.
        return [name for name in super().changed_data if name != "base_version"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.check_conflict:
            return cleaned
        if self.instance.pk is None:
            if deleted := self.deleted_meanwhile():
                raise edit_conflict(self._meta.model, deleted)
            return cleaned
        if not (self.check_unchanged or self.has_changed()):
            return cleaned
        model = type(self.instance)
        stored = (
            model._base_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values("versjon", "oppdatert")
            .first()
        )
        if stored is None:
            raise edit_conflict(model, self.instance.pk)
        if cleaned.get("base_version") != stored["versjon"]:
            raise edit_conflict(model, self.instance.pk, stored["oppdatert"])
        return cleaned

    def deleted_meanwhile(self) -> str:
        """The key of an inline row's record that no longer exists: a formset
        gives such a row a new, empty instance."""
        if not self.is_bound:
            return ""
        pk_name = self._meta.model._meta.pk.name
        if pk_name not in self.fields:
            return ""
        return self.data.get(self.add_prefix(pk_name)) or ""


class RowConflictForm(EditConflictForm):
    """An inline row or a changelist row with a version of its own."""

    check_unchanged = False


class TabularInline(NamedAutocomplete, admin.TabularInline):
    """Django's tabular inline with every field of a row, and its «Slett» box,
    named for screen readers (name_by_column)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        name_by_column(formset.form.base_fields.values())

        class Named(formset):
            def add_fields(self, form, index) -> None:
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = "Slett"

        return Named


class EditConflictFormSet(forms.BaseInlineFormSet):
    """Every inline: a row someone else deleted since the page was opened is not
    made again, and deleting a row someone else changed is refused — for the
    whole page, since Django shows no error on either row."""

    def clean(self) -> None:
        super().clean()
        pk_name = self.model._meta.pk.name
        conflicts = []
        for form in self.initial_forms:
            deleting = self.can_delete and self._should_delete_form(form)
            if form.instance.pk is None:
                gone = form.data.get(form.add_prefix(pk_name))
                if gone and not deleting:
                    conflicts.append(edit_conflict(self.model, gone))
            elif deleting:
                conflicts += [
                    error
                    for error in form.errors.as_data().get(NON_FIELD_ERRORS, [])
                    if error.code == "edit_conflict"
                ]
        if conflicts:
            raise ValidationError(conflicts)


class VersionCheckAdmin(NorskAdmin):
    """No silent overwrite of someone else's save, on the change page, in its
    inlines and in the changelist's editable columns.

    A record and each inline row with a version of its own are checked by their
    version (EditConflictForm). Links without one (TiltakKanal, Kortkanal …) are
    covered by the record's: every change to them through the record's page
    raises its version, so a page opened before is stale as a whole.
    """

    form = EditConflictForm

    def save_model(self, request, obj, form, change) -> None:
        reverting = getattr(request, "reverting_history", False)
        if change and not form.has_changed() and not reverting:
            # Nothing to record: no new version, no empty row in the history.
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            form.instance.bump_version()

    def get_changelist_form(self, request, **kwargs):
        # Each editable row carries its version (templates/admin/
        # change_list_results.html puts every hidden field in the page).
        return super().get_changelist_form(
            request, **{"form": RowConflictForm, **kwargs}
        )

    def changelist_view(self, request, extra_context=None):
        view = super().changelist_view
        if request.method != "POST":
            return view(request, extra_context)
        # An action or the editable columns save each selected record: all of
        # them or none.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return view(request, extra_context)


class EditConflictAdmin(VersionCheckAdmin, SimpleHistoryAdmin):
    """History with revert, and no silent overwrite of someone else's save."""

    object_history_list_template = "admin/history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryDiff(self.model, historical_record)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "reverting_history", False):
            # A revert deliberately makes an old version the current one.
            form = type(form.__name__, (form,), {"check_conflict": False})
        return form

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_history = True
        view = super().history_form_view
        if request.method != "POST":
            return view(request, object_id, version_id, extra_context)
        # A revert saves the record and its many-to-many links: both or neither.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return view(request, object_id, version_id, extra_context)


class AktortypeFilter(admin.ChoicesFieldListFilter):
    """The actor's «type», named apart from the channel's own «type»."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "aktørtype"


class KontaktkanalForm(PhoneShownForm, EditConflictForm):
    pass


class KontaktkanalRowForm(PhoneShownForm, RowConflictForm):
    pass


class KontaktkanalInline(TabularInline):
    model = Kontaktkanal
    # A channel is also edited on its own page: each row carries its version.
    form = KontaktkanalRowForm
    formset = EditConflictFormSet
    extra = 0
    fields = ["type", "verdi", "etikett", "apningstid", "base_version"]
    show_change_link = True


@admin.register(Aktor)
class AktorAdmin(EditConflictAdmin):
    list_display = ["navn", "kortnavn", "type", "tiltak_count"]
    list_filter = ["type"]
    search_fields = ["navn", "kortnavn", "aliaser"]
    prepopulated_fields = {"slug": ["navn"]}
    inlines = [KontaktkanalInline]
    actions = ["merge"]

    def get_queryset(self, request) -> QuerySet[Aktor]:
        return super().get_queryset(request).prefetch_related("tiltak")

    @admin.display(description="tiltak")
    def tiltak_count(self, aktor: Aktor) -> int:
        return len(aktor.tiltak.all())

    @admin.action(description="Slå sammen to aktører", permissions=["change", "delete"])
    def merge(self, request, queryset: QuerySet[Aktor]):
        """Two actors for one unit: a page to choose the one to keep, then the merge
        (kontakter.merge) in one transaction."""
        actors = list(queryset.prefetch_related("tiltak", "kanaler"))
        if len(actors) != 2:
            self.message_user(
                request, "Velg nøyaktig to aktører å slå sammen.", messages.WARNING
            )
            return None
        chosen = request.POST.get("behold")
        keep = next((a for a in actors if str(a.pk) == chosen), None)
        if request.POST.get("post") == "ja" and keep is not None:
            remove = next(a for a in actors if a is not keep)
            merge_actors(keep, remove)
            self.message_user(
                request,
                f"«{remove.navn}» er slått sammen med «{keep.navn}». Tiltakene og "
                "kontaktkanalene er flyttet, og navnet er lagt til under «Andre navn».",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Slå sammen to aktører",
            "opts": self.opts,
            "aktorer": actors,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "feil": request.POST.get("post") == "ja",
        }
        return TemplateResponse(
            request, "admin/kontakter/aktor/merge_confirmation.html", context
        )


class BetjeningstidForm(forms.ModelForm):
    """The days as seven boxes; stored as HSDS's byday codes («MO,TU»)."""

    dager = forms.MultipleChoiceField(
        label="dager",
        choices=day_choices(),
        widget=forms.CheckboxSelectMultiple,
        help_text=Betjeningstid._meta.get_field("dager").help_text,
    )

    class Meta:
        model = Betjeningstid
        fields = ["dager", "apner", "stenger", "over_midnatt"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["dager"] = [c for c in self.instance.dager.split(",") if c]

    def clean_dager(self) -> str:
        chosen = set(self.cleaned_data["dager"])
        return ",".join(code for code in betjening.DAYS if code in chosen)


class BetjeningstidFormSet(EditConflictFormSet):
    """Rules of one channel never staff the same minute twice."""

    def clean(self) -> None:
        super().clean()
        rules = [
            form.instance.as_rule()
            for form in self.forms
            if form.is_valid()
            and form.cleaned_data
            and not self._should_delete_form(form)
            and form.instance.apner is not None
            and form.instance.stenger is not None
        ]
        clashes = betjening.overlaps(rules)
        if clashes:
            raise ValidationError(
                [
                    f"Betjeningstidene «{betjening.rule_words(a)}» og "
                    f"«{betjening.rule_words(b)}» overlapper. Slå dem sammen til "
                    "én tid, eller rett den ene."
                    for a, b in clashes
                ]
            )


class BetjeningsavvikFormSet(EditConflictFormSet):
    """Exceptions of one channel never cover the same date twice."""

    def clean(self) -> None:
        super().clean()
        spans = sorted(
            (form.instance.fra_dato, form.instance.last_day)
            for form in self.forms
            if form.is_valid()
            and form.cleaned_data
            and not self._should_delete_form(form)
            and form.instance.fra_dato is not None
        )
        for (_, last), (first, _) in zip(spans, spans[1:], strict=False):
            if first <= last:
                raise ValidationError(
                    f"To avvikende perioder gjelder {first:%d.%m.%Y}. En dato kan "
                    "bare ha ett avvik."
                )


class BetjeningstidInline(TabularInline):
    model = Betjeningstid
    form = BetjeningstidForm
    formset = BetjeningstidFormSet
    extra = 0
    verbose_name_plural = (
        "Betjeningstider hver uke (en tid over midnatt hører til dagen den "
        "begynner; helligdager følger valget over)"
    )


class BetjeningsavvikInline(TabularInline):
    model = Betjeningsavvik
    formset = BetjeningsavvikFormSet
    extra = 0
    fields = ["fra_dato", "til_dato", "apner", "stenger", "merknad"]


@admin.register(Kontaktkanal)
class KontaktkanalAdmin(EditConflictAdmin):
    form = KontaktkanalForm
    # No «type» column: the value shows it, and the filter finds it. Six columns
    # are what fits beside the menu and the filters at 1280 px.
    list_display = ["__str__", "aktor", "hours", "shown_on", "link_status"]
    list_filter = ["type", "lenke_status", ("aktor__type", AktortypeFilter), "aktor"]
    list_select_related = ["aktor"]
    search_fields = [
        "verdi",
        "etikett",
        "aktor__navn",
        "aktor__kortnavn",
        "aktor__aliaser",
    ]
    # The channel pickers on tiltak and «Er du bekymret?» name whose channel it is.
    picker_label = staticmethod(kanal_label)
    autocomplete_fields = ["aktor"]
    fieldsets = [
        (None, {"fields": ["aktor", "type", "verdi", "etikett", "link_check"]}),
        (
            "Når linjen er betjent",
            {
                "fields": [
                    "apningstid",
                    "dognapen",
                    "stengt_helligdager",
                    "hours_preview",
                    "coming_holidays",
                    "nar_stengt",
                    "base_version",
                ]
            },
        ),
    ]
    inlines = [BetjeningstidInline, BetjeningsavvikInline]
    # What `manage.py check_links` last found, and the hours as the public
    # pages read them: shown, never edited.
    readonly_fields = ["link_check", "hours_preview", "coming_holidays"]

    @admin.display(description="slik leses betjeningstidene")
    def hours_preview(self, kanal: Kontaktkanal) -> str:
        if kanal.pk is None:
            return "Vises når kanalen er lagret."
        described = kanal.describe_hours()
        if not described:
            return "Ingen betjeningstider: nettsiden kan ikke si om linjen er åpen nå."
        state = kanal.betjent_na_tekst
        return f"{described}. Nå: {state}." if state else f"{described}."

    @admin.display(description="helligdager de neste tre månedene")
    def coming_holidays(self, kanal: Kontaktkanal) -> str:
        """The public holidays ahead on which one of the line's rules would
        have opened: the line is closed then (or open, if it is not closed on
        holidays)."""
        if kanal.pk is None or not kanal.timeplan or kanal.dognapen:
            return "–"
        plan = betjening.Timeplan.from_json(kanal.timeplan)
        today = localtime().date()
        days = betjening.coming_holidays(plan, today, today + timedelta(days=92))
        if not days:
            return "Ingen helligdager berører linjen de neste tre månedene."
        what = "stengt" if plan.closed_on_holidays else "åpen som vanlig"
        listed = "; ".join(
            f"{betjening.DAY_NAMES[day.weekday()]} {day:%d.%m.%Y} ({name})"
            for day, name in days
        )
        return f"{listed}: {what}."

    @admin.display(description="betjent")
    def hours(self, kanal: Kontaktkanal) -> str:
        if kanal.hours_unstructured:
            return f"{kanal.apningstid} (ikke strukturert)"
        return kanal.describe_hours().removeprefix("Betjent ") or "–"

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            # The new hours in the channel's own history, as one change.
            kanal = form.instance
            kanal.refresh_from_db()
            kanal.save()

    @admin.display(description="lenke", ordering="lenke_status")
    def link_status(self, kanal: Kontaktkanal) -> str:
        """The link check's verdict, for web pages only."""
        if kanal.type != Kontaktkanal.Type.NETT:
            return "–"
        if kanal.lacks_link:
            return "Mangler adresse"
        return kanal.get_lenke_status_display()

    @admin.display(description="lenkesjekk")
    def link_check(self, kanal: Kontaktkanal) -> str:
        if kanal.type != Kontaktkanal.Type.NETT or not kanal.lenke_sjekket:
            return "Ikke sjekket." if kanal.type == Kontaktkanal.Type.NETT else "–"
        checked = localize(localtime(kanal.lenke_sjekket).replace(microsecond=0))
        verdict = f"{kanal.get_lenke_status_display()}, sjekket {checked}."
        return f"{verdict} {kanal.lenke_melding}".strip()

    def get_queryset(self, request) -> QuerySet[Kontaktkanal]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("tiltak", "kontaktkort", "bekymringstemaer")
        )

    @admin.display(description="vises på")
    def shown_on(self, kanal: Kontaktkanal) -> str:
        count = len(kanal.tiltak.all())
        shown = f"{count} tiltak"
        if shown_on_bekymret(kanal):
            shown += " og «Er du bekymret?»"
        return shown

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "verdi" in form.changed_data:
            count = obj.tiltak.count()
            also = " og på «Er du bekymret?»" if shown_on_bekymret(obj) else ""
            messages.info(
                request,
                f"Endringen vises nå på {count} tiltak som bruker denne kanalen{also}.",
            )


def shown_on_bekymret(kanal: Kontaktkanal) -> bool:
    """Whether «Er du bekymret?» shows the channel: on a card or under a concern
    (from the changelist's prefetch when there)."""
    return bool(kanal.kontaktkort.all()) or bool(kanal.bekymringstemaer.all())


@admin.register(Nodnummer)
class NodnummerAdmin(VersionCheckAdmin):
    list_display = ["__str__", "nar", "dognapen", "rekkefolge"]
    list_editable = ["rekkefolge"]
    search_fields = ["nummer", "navn"]


class KortkanalInline(KanalPickerMixin, TabularInline):
    model = Kortkanal
    formset = EditConflictFormSet
    extra = 0
    fields = ["kanal", "rekkefolge"]
    autocomplete_fields = ["kanal"]
    verbose_name_plural = (
        "Kontaktkanaler kortet viser (et nummer endres på kanalen, og endringen "
        "vises her og på alle tiltak som bruker den)"
    )


@admin.register(Kontaktkort)
class KontaktkortAdmin(VersionCheckAdmin):
    list_display = ["rolle", "navn", "aktor", "channels_shown", "rekkefolge"]
    list_select_related = ["aktor"]
    search_fields = ["rolle", "navn"]
    autocomplete_fields = ["aktor"]
    fieldsets = [
        (None, {"fields": ["rolle", "navn", "aktor", "beskrivelse", "rekkefolge"]}),
        (
            "Internt (vises ikke på nettsiden)",
            {"fields": ["kilde", "intern_merknad", "base_version"]},
        ),
    ]
    inlines = [KortkanalInline]

    def get_queryset(self, request) -> QuerySet[Kontaktkort]:
        links = Kortkanal.objects.select_related("kanal__aktor")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("kortkanal_set", queryset=links))
        )

    @admin.display(description="viser")
    def channels_shown(self, kort: Kontaktkort) -> str:
        return ", ".join(str(kanal) for kanal in kort.channels()) or "Ingen kanal"


class TemakanalInline(KanalPickerMixin, TabularInline):
    model = Temakanal
    formset = EditConflictFormSet
    extra = 0
    fields = ["malgruppe", "kanal", "merknad", "rekkefolge"]
    autocomplete_fields = ["kanal"]
    verbose_name_plural = "Ring først (for foreldre og unge, og for fagfolk)"


@admin.register(Bekymringstema)
class BekymringstemaAdmin(VersionCheckAdmin):
    """The tiltak under a concern are added as an inline by the tiltak app."""

    list_display = ["tittel", "sporsmal", "rekkefolge"]
    list_editable = ["rekkefolge"]
    search_fields = ["tittel", "sporsmal"]
    prepopulated_fields = {"slug": ["tittel"]}

    def get_inlines(self, request, obj):
        # The tiltak app's subclass sets `inlines` to its own; keep ours first.
        return [TemakanalInline, *super().get_inlines(request, obj)]
