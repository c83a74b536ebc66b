from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
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
    VersionCheckAdmin,
    kanal_label,
)
from kontakter.models import Aktor, Bekymringstema, Kontaktkanal
from tiltak.models import (
    Handlingsplan,
    Innsatsomrade,
    Planseksjon,
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


class TiltakAktorInline(admin.TabularInline):
    model = TiltakAktor
    formset = EditConflictFormSet
    extra = 0
    autocomplete_fields = ["aktor"]
    verbose_name_plural = "ansvarlige aktører (rekkefølge: lavest først)"


class TiltakKanalInline(KanalPickerMixin, admin.TabularInline):
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


@admin.register(Handlingsplan)
class HandlingsplanAdmin(VersionCheckAdmin):
    list_display = ["tittel", "kommune", "periode"]
    inlines = [PlanseksjonInline]


class TiltakTemaInline(admin.TabularInline):
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
