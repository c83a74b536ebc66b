from django.contrib import admin

from tiltak.models import (
    Handlingsplan,
    Innsatsomrade,
    Planseksjon,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
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
