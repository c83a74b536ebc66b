from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from tiltak.views import tiltak_for_temaer

admin.site.site_header = "SLT-tiltak – redigering"
admin.site.site_title = "SLT-tiltak"
admin.site.index_title = "Handlingsplan og kontakter"

urlpatterns = [
    path("admin/", admin.site.urls),
    # kontakter never imports tiltak: the tiltak under each concern of «Er du
    # bekymret?» are handed to its view here, where the apps are wired together.
    path("", include("kontakter.urls"), {"tiltak_for_temaer": tiltak_for_temaer}),
    path(
        "tilgjengelighet/",
        TemplateView.as_view(template_name="tilgjengelighet.html"),
        name="tilgjengelighet",
    ),
    path("", include("tiltak.urls")),
]
