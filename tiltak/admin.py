from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from kontakter.admin import (
    BekymringstemaAdmin,
    EditConflictAdmin,
    EditConflictForm,
    EditConflictFormSet,
    HistoryDiff,
    KanalPickerMixin,
    RowConflictForm,
    TabularInline,
    UnixNewlinesField,
    VersionCheckAdmin,
    kanal_label,
)
from kontakter.models import Aktor, Bekymringstema, Kommune, Kontaktkanal
from tiltak.models import (
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Innsatsomrade,
    Oppfolgingstall,
    Planseksjon,
    Plantiltak,
    Synonym,
    TidligereAdresse,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
    TiltakTema,
)
from tiltak.search import search_tiltak

Status = Tiltak.Status

# Which permission moves a tiltak to a status. Taking a tiltak off the site again
# (back to draft) is as public an act as publishing it.
STATUS_PERMISSIONS = {
    Status.PUBLISERT: "tiltak.publish_tiltak",
    Status.ARKIVERT: "tiltak.archive_tiltak",
    Status.UTKAST: "tiltak.publish_tiltak",
}
STATUS_REFUSED = {
    Status.PUBLISERT: "Du kan ikke publisere tiltak. Lagre det som utkast, så kan "
    "SLT-koordinatoren publisere det.",
    Status.ARKIVERT: "Du kan ikke arkivere tiltak.",
    Status.UTKAST: "Du kan ikke gjøre et publisert tiltak om til utkast.",
}


class TiltakForm(EditConflictForm):
    user = None  # set by TiltakAdmin.get_form

    class Meta:
        model = Tiltak
        fields = "__all__"

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        before = self.instance.status if self.instance.pk else Status.UTKAST
        if status != before and not self.user.has_perm(STATUS_PERMISSIONS[status]):
            raise ValidationError(STATUS_REFUSED[status])
        return status


class TiltakAktorInline(TabularInline):
    model = TiltakAktor
    formset = EditConflictFormSet
    extra = 0
    autocomplete_fields = ["aktor"]
    verbose_name_plural = "ansvarlige aktører (rekkefølge: lavest først)"


class TiltakKanalInline(KanalPickerMixin, TabularInline):
    model = TiltakKanal
    formset = EditConflictFormSet
    extra = 0
    autocomplete_fields = ["kanal"]
    verbose_name_plural = (
        "kontaktkanaler (velg blant aktørenes kanaler, eller opprett en ny med +)"
    )


@admin.register(Tiltak)
class TiltakAdmin(EditConflictAdmin):
    form = TiltakForm
    object_history_template = "admin/tiltak/tiltak_history.html"
    # What fits beside the menu and the filters at 1280 px; «nytt» and «oppdatert»
    # are filters (and the history has every change).
    list_display = [
        "tittel",
        "innsatsomrade",
        "actor_names",
        "status",
        "sist_verifisert",
    ]
    list_filter = [
        "status",
        "innsatsomrade",
        "aktorer",
        "nytt",
        "sist_verifisert",
        "oppdatert",
    ]
    list_select_related = ["innsatsomrade"]
    # The search box searches with the site's own search (get_search_results);
    # Django shows the box when search_fields names something.
    search_fields = ["tittel"]
    prepopulated_fields = {"slug": ["tittel"]}
    inlines = [TiltakAktorInline, TiltakKanalInline]
    actions = ["publish", "archive", "mark_verified"]
    # «Nytt» is computed when a plan is published (tiltak.planer.publiser).
    readonly_fields = ["nytt", "oppdatert"]
    fieldsets = [
        ("Innhold", {"fields": ["tittel", "slug", "innsatsomrade", "beskrivelse"]}),
        ("Målgruppe", {"fields": [("alder_fra", "alder_til")]}),
        (
            "Ansvar og kontakt",
            {
                "fields": ["ansvar_tekst", "kontakt_tekst"],
                "description": "Ansvarlige aktører og kontaktkanaler velges "
                "nederst på siden.",
            },
        ),
        ("Publisering", {"fields": ["status", "nytt", "sist_verifisert", "oppdatert"]}),
        ("Internt", {"fields": ["intern_merknad", "base_version"]}),
    ]

    def get_queryset(self, request) -> QuerySet[Tiltak]:
        return super().get_queryset(request).prefetch_related("tiltakaktor_set__aktor")

    def get_search_results(self, request, queryset, search_term: str):
        """The public search's matching (tiltak.search): stems, compound words,
        actors' names and aliases, contact labels and the editors' synonyms, so
        the editors find what visitors find. No spelling correction: an editor
        searching for a word the plan lacks should see that it finds nothing."""
        if not search_term.strip():
            return queryset, False
        return search_tiltak(queryset, search_term, correct=False).tiltak, False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="ansvarlige aktører")
    def actor_names(self, tiltak: Tiltak) -> str:
        return ", ".join(a.kortnavn or a.navn for a in tiltak.aktorer_in_order())

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("tiltak.publish_tiltak")

    def has_archive_permission(self, request) -> bool:
        return request.user.has_perm("tiltak.archive_tiltak")

    def _set_status(self, request, queryset: QuerySet[Tiltak], status: str) -> int:
        changed = 0
        for tiltak in queryset.exclude(status=status):
            tiltak.status = status
            tiltak.save(update_fields=["status"])
            changed += 1
        return changed

    @admin.action(description="Publiser valgte tiltak", permissions=["publish"])
    def publish(self, request, queryset: QuerySet[Tiltak]) -> None:
        count = self._set_status(request, queryset, Status.PUBLISERT)
        self.message_user(request, f"{count} tiltak er publisert.", messages.SUCCESS)

    @admin.action(description="Arkiver valgte tiltak", permissions=["archive"])
    def archive(self, request, queryset: QuerySet[Tiltak]) -> None:
        count = self._set_status(request, queryset, Status.ARKIVERT)
        self.message_user(
            request,
            f"{count} tiltak er arkivert og vises ikke lenger på nettsiden.",
            messages.SUCCESS,
        )

    @admin.action(description="Merk som verifisert i dag", permissions=["change"])
    def mark_verified(self, request, queryset: QuerySet[Tiltak]) -> None:
        today = timezone.localdate()
        for tiltak in queryset:
            tiltak.sist_verifisert = today
            tiltak.save(update_fields=["sist_verifisert"])
        self.message_user(
            request,
            f"{len(queryset)} tiltak er merket som verifisert {today:%d.%m.%Y}.",
            messages.SUCCESS,
        )

    def save_model(self, request, obj: Tiltak, form, change: bool) -> None:
        old_slug = form.initial.get("slug") if change else None
        super().save_model(request, obj, form, change)
        if old_slug and old_slug != obj.slug:
            messages.info(
                request,
                f"Adressen er endret fra /tiltak/{old_slug}/ til /tiltak/{obj.slug}/. "
                "Den gamle adressen sender besøkende videre til den nye.",
            )

    def delete_view(self, request, object_id, extra_context=None):
        tiltak = self.get_object(request, object_id)
        if tiltak is not None and tiltak.status != Status.ARKIVERT:
            messages.warning(
                request,
                "Tiltak slettes ikke. Arkiver det i stedet (status «Arkivert»): da "
                "forsvinner det fra nettsiden, og historikken tas vare på.",
            )
            url = reverse("admin:tiltak_tiltak_change", args=[tiltak.pk])
            return HttpResponseRedirect(url)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The tiltak's own history, and changes to its actors and channels."""
        extra_context = {
            **(extra_context or {}),
            "relation_history": relation_history(object_id),
        }
        return super().history_view(request, object_id, extra_context)


LINK_CHANGES = {"+": "Lagt til", "~": "Endret på tiltaket", "-": "Fjernet"}


def _as_of(history, pk: int, when):
    """The record as it was at `when` (its history row then), or None."""
    return (
        history.filter(id=pk, history_date__lte=when).order_by("-history_date").first()
    )


def relation_history(tiltak_id) -> list[dict]:
    """Rows for the tiltak's history page: actors and channels added, changed or
    removed, each named as it was then, and every later change to a shown
    channel itself («Verdi: 909 52 580 → 909 52 999»), newest first."""
    rows = []
    aktor_links = TiltakAktor.history.filter(tiltak_id=tiltak_id)
    kanal_links = TiltakKanal.history.filter(tiltak_id=tiltak_id)
    first_shown = {}
    for link in aktor_links.select_related("history_user"):
        then = _as_of(Aktor.history, link.aktor_id, link.history_date)
        aktor = (
            then.instance if then else Aktor.objects.filter(pk=link.aktor_id).first()
        )
        rows.append(_row(link, LINK_CHANGES[link.history_type], aktor, ""))
    for link in kanal_links.select_related("history_user"):
        then = _as_of(Kontaktkanal.history, link.kanal_id, link.history_date)
        # Rows loaded from the fixture have no history: then the channel as it is.
        kanal = (
            then.instance
            if then
            else Kontaktkanal.objects.filter(pk=link.kanal_id).first()
        )
        label = kanal_label(kanal) if kanal else None
        rows.append(_row(link, LINK_CHANGES[link.history_type], label, link.merknad))
        first = first_shown.get(link.kanal_id)
        first_shown[link.kanal_id] = (
            min(first, link.history_date) if first else (link.history_date)
        )
    changes = Kontaktkanal.history.filter(
        id__in=first_shown, history_type="~"
    ).select_related("history_user")
    for change in changes:
        previous = change.prev_record
        if change.history_date < first_shown[change.id] or previous is None:
            continue
        delta = change.diff_against(previous, foreign_keys_are_objs=True)
        diff = HistoryDiff(Kontaktkanal, change).context_for_delta_changes(delta)
        if diff:
            detail = "; ".join(f"{d['field']}: {d['old']} → {d['new']}" for d in diff)
            rows.append(
                _row(change, "Kanalen endret", kanal_label(change.instance), detail)
            )
    rows.sort(key=lambda row: row["tid"], reverse=True)
    return rows


def _row(record, endring: str, hva, detalj: str) -> dict:
    return {
        "tid": record.history_date,
        "endring": endring,
        "hva": str(hva) if hva else "(slettet)",
        "detalj": detalj,
        "av": record.history_user,
    }


@admin.register(TidligereAdresse)
class TidligereAdresseAdmin(VersionCheckAdmin):
    list_display = ["slug", "tiltak", "opprettet"]
    search_fields = ["slug", "tiltak__tittel"]
    autocomplete_fields = ["tiltak"]


@admin.register(Innsatsomrade)
class InnsatsomradeAdmin(VersionCheckAdmin):
    list_display = ["navn", "rekkefolge"]
    prepopulated_fields = {"slug": ["navn"]}


class PlanseksjonInline(admin.StackedInline):
    model = Planseksjon
    # Each section carries its version, as its plan does.
    form = RowConflictForm
    formset = EditConflictFormSet
    extra = 0

    # An adopted plan's background is part of what was adopted: shown, not edited.
    def get_fields(self, request, obj=None) -> list[str]:
        fields = super().get_fields(request, obj)
        if obj is not None and obj.is_frozen:
            return [name for name in fields if name != "base_version"]
        return fields

    def has_add_permission(self, request, obj=None) -> bool:
        frozen = obj is not None and obj.is_frozen
        return not frozen and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        frozen = obj is not None and obj.is_frozen
        return not frozen and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        frozen = obj is not None and obj.is_frozen
        return not frozen and super().has_delete_permission(request, obj)


# Registered here, not in kontakter: a kommune is edited as the owner of its plans.
@admin.register(Kommune)
class KommuneAdmin(EditConflictAdmin):
    list_display = ["navn", "nummer"]
    search_fields = ["navn", "nummer"]
    prepopulated_fields = {"slug": ["navn"]}


# --- Plans and the tiltak in them ------------------------------------------------

# More tiltak than one form can hold (a national plan has thousands; each row sends
# eight fields, and settings.DATA_UPLOAD_MAX_NUMBER_FIELDS caps a form): the plan's
# form then links to the list of its tiltak instead of showing them all.
INLINE_MEMBERS = 80
# A draft's row in the plan's form: which tiltak, where, and its title. The other
# texts are edited on the tiltak's own page in the plan (the row's change link).
DRAFT_ROW_FIELDS = ["tiltak", "innsatsomrade", "rekkefolge", "tittel"]
# What an editor changes when following a tiltak up during the year; the figures
# (Oppfolgingstall) count too. Everything else of a member is the adopted text.
FOLLOW_UP_FIELDS = {"oppfolging", "oppfolging_kommentar"}
# A member's placing in its plan: fixed with the texts when the plan is adopted.
MEMBER_FIELDS = ("tiltak", "innsatsomrade", "rekkefolge", *PLAN_TEXT_FIELDS)
SHORT_TEXTAREA = {
    models.TextField: {
        "form_class": UnixNewlinesField,
        "widget": admin_widgets.AdminTextareaWidget(attrs={"rows": 3}),
    }
}


def note_follow_up(member: Plantiltak, user) -> None:
    """Who changed the follow-up and when: shown on the member and in its history."""
    member.oppfolging_endret = timezone.now()
    member.oppfolging_endret_av = user


class MemberTextsFromTiltak:
    """A member's empty texts and area are taken from its tiltak, so adding a
    tiltak to a draft needs nothing but the tiltak."""

    FILLED = (*PLAN_TEXT_FIELDS, "innsatsomrade")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("tittel", "beskrivelse", "innsatsomrade"):
            if name in self.fields:
                field = self.fields[name]
                field.required = False
                field.help_text = " ".join(
                    filter(None, [field.help_text, "Tomt felt: tiltakets eget brukes."])
                )

    def clean(self) -> dict:
        cleaned = super().clean()
        tiltak = cleaned.get("tiltak")
        if tiltak is None:
            return cleaned
        for name in self.FILLED:
            if name in self.fields:
                if cleaned.get(name) in (None, ""):
                    cleaned[name] = getattr(tiltak, name)
            elif self.instance.pk is None:  # a text the row does not show
                setattr(self.instance, name, getattr(tiltak, name))
        return cleaned


class PlantiltakRowForm(MemberTextsFromTiltak, RowConflictForm):
    class Meta:
        model = Plantiltak
        fields = "__all__"


class PlantiltakForm(MemberTextsFromTiltak, EditConflictForm):
    class Meta:
        model = Plantiltak
        fields = "__all__"


class PlantiltakInline(TabularInline):
    """The plan's tiltak. In a draft: add, remove and edit the texts. In an adopted
    plan the texts are the plan's and only the follow-up is edited."""

    model = Plantiltak
    form = PlantiltakRowForm
    formset = EditConflictFormSet
    formfield_overrides = SHORT_TEXTAREA
    extra = 0
    autocomplete_fields = ["tiltak"]
    show_change_link = True
    verbose_name_plural = "tiltak i planen"

    def get_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.is_frozen:
            return ["tittel", "innsatsomrade", "oppfolging", "oppfolging_kommentar"]
        return [*DRAFT_ROW_FIELDS]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.is_frozen:
            return ["tittel", "innsatsomrade"]
        return []

    def has_add_permission(self, request, obj=None) -> bool:
        frozen = obj is not None and obj.is_frozen
        return not frozen and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        frozen = obj is not None and obj.is_frozen
        return not frozen and super().has_delete_permission(request, obj)

    def get_queryset(self, request) -> QuerySet[Plantiltak]:
        related = ("plan", "innsatsomrade", "tiltak")
        return super().get_queryset(request).select_related(*related)


@admin.register(Handlingsplan)
class HandlingsplanAdmin(VersionCheckAdmin):
    """A plan period. Status changes only through «Vedta» and «Publiser» on the
    staff pages (tiltak.intern.planer), linked from the top of the form."""

    change_form_template = "admin/tiltak/handlingsplan/change_form.html"
    list_display = ["periode", "status", "vedtatt_av", "vedtatt_dato", "kommune"]
    list_filter = ["status", "kommune"]
    list_select_related = ["kommune"]
    search_fields = ["tittel", "periode"]
    # The decision is recorded by «Vedta» (tiltak.planer.vedta), never typed.
    readonly_fields = [
        "status",
        "vedtatt_dato",
        "vedtatt_av",
        "saksnummer",
        "gjeldende_fra",
        "avsluttet_dato",
    ]
    fieldsets = [
        (
            "Planen",
            {"fields": ["tittel", "kommune", "periode", ("fra_ar", "til_ar")]},
        ),
        ("Vedtak", {"fields": ["vedtatt_dato", "vedtatt_av", "saksnummer"]}),
        (
            "Status",
            {"fields": ["status", "gjeldende_fra", "avsluttet_dato", "base_version"]},
        ),
    ]
    inlines = [PlanseksjonInline, PlantiltakInline]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.is_frozen:
            # The plan as adopted: period and decision no longer change.
            fields = admin.utils.flatten_fieldsets(self.fieldsets)
            return [name for name in fields if name != "base_version"]
        return [*self.readonly_fields]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Plantiltak:
            for row in formset.forms:
                if row.instance.pk and FOLLOW_UP_FIELDS & set(row.changed_data):
                    note_follow_up(row.instance, request.user)
        super().save_formset(request, form, formset, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        """A draft may be thrown away; an adopted plan is readable forever. «Slett
        valgte» asks this for each plan, so it refuses a choice with one adopted."""
        frozen = obj is not None and obj.is_frozen
        return not frozen and super().has_delete_permission(request, obj)

    def get_inlines(self, request, obj=None) -> list:
        if obj is not None and obj.medlemmer.count() > INLINE_MEMBERS:
            return [PlanseksjonInline]
        return self.inlines

    def change_view(self, request, object_id, form_url="", extra_context=None):
        plan = self.get_object(request, object_id)
        context = {**(extra_context or {})}
        if plan is not None:
            context["for_mange"] = plan.medlemmer.count() > INLINE_MEMBERS
            later = Handlingsplan.objects.filter(
                kommune_id=plan.kommune_id, fra_ar__gt=plan.fra_ar
            )
            context["kan_lage_neste"] = plan.is_frozen and not later.exists()
        return super().change_view(request, object_id, form_url, context)


class OppfolgingstallInline(TabularInline):
    model = Oppfolgingstall
    formset = EditConflictFormSet
    extra = 0
    fields = ["etikett", "antall", "rekkefolge"]
    verbose_name_plural = "tall i oppfølgingen (aldri tall om en enkelt person)"


@admin.register(Plantiltak)
class PlantiltakAdmin(EditConflictAdmin):
    """One tiltak in one plan: its adopted texts and its follow-up with figures."""

    form = PlantiltakForm
    list_display = ["tittel", "plan_years", "innsatsomrade", "oppfolging"]
    list_filter = ["plan", "oppfolging", "innsatsomrade"]
    list_select_related = ["plan", "innsatsomrade"]
    search_fields = ["tittel", "tiltak__tittel"]
    autocomplete_fields = ["tiltak"]
    inlines = [OppfolgingstallInline]
    fieldsets = [
        ("Planen", {"fields": ["plan", "tiltak", "innsatsomrade", "rekkefolge"]}),
        (
            "Teksten i planen",
            {
                "fields": [
                    "tittel",
                    "beskrivelse",
                    "ansvar_tekst",
                    ("alder_fra", "alder_til"),
                    "merket_nytt",
                ]
            },
        ),
        (
            "Oppfølging",
            {
                "fields": [
                    "oppfolging",
                    "oppfolging_kommentar",
                    "oppfolging_endret",
                    "oppfolging_endret_av",
                    "base_version",
                ]
            },
        ),
    ]
    readonly_fields = ["merket_nytt", "oppfolging_endret", "oppfolging_endret_av"]

    @admin.display(description="plan", ordering="plan__fra_ar")
    def plan_years(self, member: Plantiltak) -> str:
        return member.plan.years

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fields = [*self.readonly_fields]
        if obj is not None:
            fields.append("plan")
            if obj.plan.is_frozen:
                fields += [name for name in MEMBER_FIELDS if name not in fields]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "plan":
            # Tiltak are added to a draft; an adopted plan keeps its tiltak.
            kwargs["queryset"] = Handlingsplan.objects.filter(
                status=Handlingsplan.Status.UTKAST
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None) -> bool:
        frozen = obj is not None and obj.plan.is_frozen
        return not frozen and super().has_delete_permission(request, obj)

    def save_model(self, request, obj: Plantiltak, form, change: bool) -> None:
        if change and FOLLOW_UP_FIELDS & set(form.changed_data):
            note_follow_up(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        figures = any(
            formset.model is Oppfolgingstall and formset.has_changed()
            for formset in formsets
        )
        if change and figures and not FOLLOW_UP_FIELDS & set(form.changed_data):
            note_follow_up(form.instance, request.user)
            form.instance.save(
                update_fields=["oppfolging_endret", "oppfolging_endret_av"]
            )


class TiltakTemaInline(TabularInline):
    model = TiltakTema
    formset = EditConflictFormSet
    extra = 0
    autocomplete_fields = ["tiltak"]


# The tiltak under a concern are edited on the concern; the link lives on the
# tiltak side, so this app adds the inline to kontakter's admin.
admin.site.unregister(Bekymringstema)


@admin.register(Bekymringstema)
class BekymringstemaWithTiltakAdmin(BekymringstemaAdmin):
    inlines = [TiltakTemaInline]


@admin.register(Synonym)
class SynonymAdmin(VersionCheckAdmin):
    list_display = ["ord", "betyr"]
    search_fields = ["ord", "betyr"]
