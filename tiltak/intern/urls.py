"""The staff pages, included under /intern/ with the namespace «intern».

Every view here but the login steps is wrapped in tiltak.intern.access.staff_required.
"""

from django.urls import path

from tiltak.intern import login, views

app_name = "intern"

urlpatterns = [
    path("", views.tiltak_liste, name="tiltak"),
    path("logg-inn/", login.logg_inn, name="logg_inn"),
    path("logg-inn/kode/", login.logg_inn_kode, name="logg_inn_kode"),
    path("logg-ut/", login.logg_ut, name="logg_ut"),
    path("eksport.csv", views.tiltak_eksport, {"format": "csv"}, "eksport_csv"),
    path("eksport.xlsx", views.tiltak_eksport, {"format": "xlsx"}, "eksport_xlsx"),
    path("utskrift/", views.utskrift, name="utskrift"),
    path("kvalitet/", views.kvalitet_rapport, name="kvalitet"),
    path("oversikt/", views.oversikt_rapport, name="oversikt"),
    path("hjelp/", views.hjelp, name="hjelp"),
]
