from django.urls import path

from tiltak import views

urlpatterns = [
    path("", views.forside, name="forside"),
    path("tiltak/", views.tiltak_liste, name="tiltak_liste"),
    path("tiltak/<slug:slug>/", views.tiltak_detalj, name="tiltak_detalj"),
    path("innsatsomrader/<slug:slug>/", views.innsatsomrade, name="innsatsomrade"),
    path("om/", views.om, name="om"),
    path("farger.css", views.farger_css, name="farger_css"),
]
