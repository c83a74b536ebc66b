"""The staff pages, included under /intern/ with the namespace «intern».

Every view here but the login steps is wrapped in tiltak.intern.staff_required.
"""

from django.urls import path

from tiltak import intern_rapporter, intern_views

app_name = "intern"

urlpatterns = [
    path("", intern_views.tiltak_liste, name="tiltak"),
    path("logg-inn/", intern_views.logg_inn, name="logg_inn"),
    path("logg-inn/kode/", intern_views.logg_inn_kode, name="logg_inn_kode"),
    path("logg-ut/", intern_views.logg_ut, name="logg_ut"),
    path("eksport.csv", intern_views.tiltak_eksport, {"format": "csv"}, "eksport_csv"),
    path(
        "eksport.xlsx", intern_views.tiltak_eksport, {"format": "xlsx"}, "eksport_xlsx"
    ),
    path("utskrift/", intern_views.utskrift, name="utskrift"),
    path("kvalitet/", intern_rapporter.kvalitet_rapport, name="kvalitet"),
    path("oversikt/", intern_rapporter.oversikt_rapport, name="oversikt"),
]
