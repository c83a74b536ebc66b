from django.urls import path

import tiltak.converters  # noqa: F401  (registers <periode:…>)
from tiltak import views

urlpatterns = [
    path("", views.forside, name="forside"),
    path("tiltak/", views.tiltak_liste, name="tiltak_liste"),
    path("tiltak/<slug:slug>/", views.tiltak_detalj, name="tiltak_detalj"),
    path("innsatsomrader/<slug:slug>/", views.innsatsomrade, name="innsatsomrade"),
    path("planer/", views.planer, name="planer"),
    path("planer/<periode:periode>/", views.plan_detalj, name="plan_detalj"),
    path("om/", views.om, name="om"),
    path("farger.css", views.farger_css, name="farger_css"),
]
