from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin

from kontakter.models import Aktor, Bekymringstema, Kontaktkanal, Kontaktkort, Nodnummer


@admin.action(permissions=["delete"], description=delete_selected.short_description)
@wraps(delete_selected)
def delete_selected_together(modeladmin, request, queryset):
    # Every admin's «Slett valgte»: the log entries and the deletes, or neither.
    with transaction.atomic(using=router.db_for_write(modeladmin.model)):
        return delete_selected(modeladmin, request, queryset)


admin.site.add_action(delete_selected_together, "delete_selected")


class EditConflictForm(forms.ModelForm):
    """Refuses a save when someone else saved the record after this form was opened.

    The version the editor started from travels in a hidden field; clean() locks
    the row and compares it with the stored version, inside the admin's
    transaction, so two simultaneous saves cannot both pass.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    check_conflict = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.versjon

    def clean(self) -> dict:
        cleaned = super().clean()
        if not (self.instance.pk and self.check_conflict):
            return cleaned
        model = type(self.instance)
        stored = (
            model._base_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values("versjon", "oppdatert")
            .first()
        )
        if stored and cleaned.get("base_version") != stored["versjon"]:
            opts = model._meta
            history = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history",
                args=[self.instance.pk],
            )
            raise ValidationError(
                format_html(
                    "Noen andre lagret denne {} kl. {} mens du redigerte. Endringene "
                    "dine er ikke lagret, og ingenting er overskrevet. "
                    '<a href="{}" target="_blank">Se hva som ble endret</a>, kopier '
                    "det du vil beholde, og åpne siden på nytt før du lagrer.",
                    opts.verbose_name,
                    localize(
                        localtime(stored["oppdatert"]).time().replace(microsecond=0)
                    ),
                    history,
                ),
                code="edit_conflict",
            )
        return cleaned


class EditConflictAdmin(SimpleHistoryAdmin):
    """History with revert, and no silent overwrite of someone else's save."""

    form = EditConflictForm

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

    def changelist_view(self, request, extra_context=None):
        view = super().changelist_view
        if request.method != "POST":
            return view(request, extra_context)
        # An action saves each selected record: all of them or none.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return view(request, extra_context)


class KontaktkanalInline(admin.TabularInline):
    model = Kontaktkanal
    extra = 0
    fields = ["type", "verdi", "etikett", "apningstid"]
    show_change_link = True


@admin.register(Aktor)
class AktorAdmin(EditConflictAdmin):
    list_display = ["navn", "kortnavn", "type", "tiltak_count"]
    list_filter = ["type"]
    search_fields = ["navn", "kortnavn", "aliaser"]
    prepopulated_fields = {"slug": ["navn"]}
    inlines = [KontaktkanalInline]

    def get_queryset(self, request) -> QuerySet[Aktor]:
        return super().get_queryset(request).prefetch_related("tiltak")

    @admin.display(description="tiltak")
    def tiltak_count(self, aktor: Aktor) -> int:
        return len(aktor.tiltak.all())


@admin.register(Kontaktkanal)
class KontaktkanalAdmin(EditConflictAdmin):
    list_display = ["__str__", "aktor", "type", "apningstid", "shown_on", "link_status"]
    list_filter = ["type", "lenke_status", "aktor__type", "aktor"]
    list_select_related = ["aktor"]
    search_fields = ["verdi", "etikett", "aktor__navn", "aktor__kortnavn"]
    autocomplete_fields = ["aktor"]
    fields = [
        "aktor",
        "type",
        "verdi",
        "etikett",
        "apningstid",
        "link_check",
        "base_version",
    ]
    # What `manage.py check_links` last found: shown, never edited.
    readonly_fields = ["link_check"]

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
        return super().get_queryset(request).prefetch_related("tiltak")

    @admin.display(description="vises på")
    def shown_on(self, kanal: Kontaktkanal) -> str:
        count = len(kanal.tiltak.all())
        return f"{count} tiltak" if count != 1 else "1 tiltak"

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "verdi" in form.changed_data:
            count = obj.tiltak.count()
            messages.info(
                request,
                f"Endringen vises nå på {count} tiltak som bruker denne kanalen.",
            )


@admin.register(Nodnummer)
class NodnummerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "nar", "rekkefolge"]
    list_editable = ["rekkefolge"]
    search_fields = ["nummer", "navn"]


@admin.register(Kontaktkort)
class KontaktkortAdmin(admin.ModelAdmin):
    list_display = ["rolle", "navn", "phone_shown", "epost", "rekkefolge"]
    search_fields = ["rolle", "navn"]

    @admin.display(description="telefon")
    def phone_shown(self, kort: Kontaktkort) -> str:
        return kort.display_value()


@admin.register(Bekymringstema)
class BekymringstemaAdmin(admin.ModelAdmin):
    """The tiltak under a concern are added as an inline by the tiltak app."""

    list_display = ["tittel", "sporsmal", "rekkefolge"]
    list_editable = ["rekkefolge"]
    search_fields = ["tittel", "sporsmal"]
    prepopulated_fields = {"slug": ["tittel"]}
