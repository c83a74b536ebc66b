from django.contrib import admin

from kontakter.models import Aktor, Kontaktkanal


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
