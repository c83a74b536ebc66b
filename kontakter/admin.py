from django.contrib import admin

from kontakter.models import Aktor, Bekymringstema, Kontaktkanal, Kontaktkort, Nodnummer


class KontaktkanalInline(admin.TabularInline):
    model = Kontaktkanal
    extra = 0
    fields = ["type", "verdi", "etikett", "apningstid"]


@admin.register(Aktor)
class AktorAdmin(admin.ModelAdmin):
    list_display = ["navn", "kortnavn", "type"]
    list_filter = ["type"]
    search_fields = ["navn", "kortnavn", "aliaser"]
    prepopulated_fields = {"slug": ["navn"]}
    inlines = [KontaktkanalInline]


@admin.register(Kontaktkanal)
class KontaktkanalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "aktor", "type", "apningstid"]
    list_filter = ["type", "aktor"]
    list_select_related = ["aktor"]
    search_fields = ["verdi", "etikett", "aktor__navn", "aktor__kortnavn"]
    autocomplete_fields = ["aktor"]


@admin.register(Nodnummer)
class NodnummerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "nar", "rekkefolge"]
    list_editable = ["rekkefolge"]
    search_fields = ["nummer", "navn"]


@admin.register(Kontaktkort)
class KontaktkortAdmin(admin.ModelAdmin):
    list_display = ["rolle", "navn", "telefon_vist", "epost", "rekkefolge"]
    search_fields = ["rolle", "navn"]

    @admin.display(description="telefon")
    def telefon_vist(self, kort: Kontaktkort) -> str:
        return kort.display_value()


@admin.register(Bekymringstema)
class BekymringstemaAdmin(admin.ModelAdmin):
    """The tiltak under a concern are added as an inline by the tiltak app."""

    list_display = ["tittel", "sporsmal", "rekkefolge"]
    list_editable = ["rekkefolge"]
    search_fields = ["tittel", "sporsmal"]
    prepopulated_fields = {"slug": ["tittel"]}
