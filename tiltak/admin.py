from django.contrib import admin

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
    list_display = ["tittel", "innsatsomrade", "status", "nytt", "oppdatert"]
    list_filter = ["innsatsomrade", "status", "nytt"]
    list_select_related = ["innsatsomrade"]
    search_fields = ["tittel", "beskrivelse", "aktorer__navn"]
    prepopulated_fields = {"slug": ["tittel"]}
    inlines = [TiltakAktorInline, TiltakKanalInline]


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
