from django.contrib import admin
from django.db.models import QuerySet

from kontakter.admin import BekymringstemaAdmin
from kontakter.models import Bekymringstema
from tiltak.models import (
    Handlingsplan,
    Innsatsomrade,
    Planseksjon,
    Synonym,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
    TiltakTema,
)


class TiltakAktorInline(admin.TabularInline):
    model = TiltakAktor
    extra = 0
    autocomplete_fields = ["aktor"]


class TiltakKanalInline(admin.TabularInline):
    model = TiltakKanal
    extra = 0
    autocomplete_fields = ["kanal"]


@admin.register(Tiltak)
class TiltakAdmin(admin.ModelAdmin):
    list_display = [
        "tittel",
        "innsatsomrade",
        "vis_aktorer",
        "antall_kanaler",
        "status",
        "nytt",
        "oppdatert",
    ]
    list_filter = ["innsatsomrade", "status", "nytt", "aktorer"]
    list_select_related = ["innsatsomrade"]
    search_fields = ["tittel", "beskrivelse", "aktorer__navn", "aktorer__kortnavn"]
    prepopulated_fields = {"slug": ["tittel"]}
    inlines = [TiltakAktorInline, TiltakKanalInline]

    def get_queryset(self, request) -> QuerySet[Tiltak]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("tiltakaktor_set__aktor", "kanaler")
        )

    @admin.display(description="ansvarlige aktører")
    def vis_aktorer(self, tiltak: Tiltak) -> str:
        return ", ".join(a.kortnavn or a.navn for a in tiltak.aktorer_i_rekkefolge())

    @admin.display(description="kontaktkanaler")
    def antall_kanaler(self, tiltak: Tiltak) -> int:
        return len(tiltak.kanaler.all())


@admin.register(Innsatsomrade)
class InnsatsomradeAdmin(admin.ModelAdmin):
    list_display = ["navn", "rekkefolge"]
    prepopulated_fields = {"slug": ["navn"]}


class PlanseksjonInline(admin.StackedInline):
    model = Planseksjon
    extra = 0


@admin.register(Handlingsplan)
class HandlingsplanAdmin(admin.ModelAdmin):
    list_display = ["tittel", "kommune", "periode"]
    inlines = [PlanseksjonInline]


class TiltakTemaInline(admin.TabularInline):
    model = TiltakTema
    extra = 0
    autocomplete_fields = ["tiltak"]


# The tiltak under a concern are edited on the concern; the link lives on the
# tiltak side, so this app adds the inline to kontakter's admin.
admin.site.unregister(Bekymringstema)


@admin.register(Bekymringstema)
class BekymringstemaMedTiltakAdmin(BekymringstemaAdmin):
    inlines = [TiltakTemaInline]


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["ord", "betyr"]
    search_fields = ["ord", "betyr"]
