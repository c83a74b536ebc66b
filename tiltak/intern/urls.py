"""The staff pages, included under /intern/ with the namespace «intern».

Every view here but the login steps is wrapped in tiltak.intern.access.staff_required.
"""

from django.urls import path

import tiltak.converters  # noqa: F401  (registers <periode:…>)
from tiltak.intern import login, planer, rapporter, views

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
    path("planer/", planer.plan_liste, name="planer"),
    path("planer/<periode:periode>/", planer.plan_oversikt, name="plan"),
    path(
        "planer/<periode:periode>/lag-neste/", planer.lag_neste, name="lag_neste_plan"
    ),
    path("planer/<periode:periode>/vedta/", planer.vedta_plan, name="vedta_plan"),
    path(
        "planer/<periode:periode>/publiser/", planer.publiser_plan, name="publiser_plan"
    ),
    path(
        "planer/<periode:fra>/mot/<periode:til>/",
        rapporter.plan_endringer,
        name="plan_endringer",
    ),
    path(
        "planer/<periode:periode>/arsrapport/",
        rapporter.arsrapport,
        name="arsrapport",
    ),
    path(
        "planer/<periode:periode>/arsrapport.docx",
        rapporter.arsrapport_docx,
        name="arsrapport_docx",
    ),
    path("planer/<periode:periode>/plan.docx", rapporter.plan_docx, name="plan_docx"),
]
