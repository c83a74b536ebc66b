from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from slt import views
from tiltak.views import tiltak_for_temaer

# Error pages rendered from settings alone: they must work without a database.
handler400 = views.bad_request
handler500 = views.server_error

admin.site.site_header = "SLT-tiltak – redigering"
admin.site.site_title = "SLT-tiltak"
admin.site.index_title = "Handlingsplan og kontakter"
# Logging out of the admin ends on the same page as logging out of /intern/.
admin.site.logout_template = "intern/logg_ut.html"

urlpatterns = [
    # Probes for a load balancer or an orchestrator (see README «Drift»).
    path("livez", views.livez, name="livez"),
    path("healthz", views.healthz, name="healthz"),
    # One way in for the admin and the staff pages: the staff login, with its
    # lockout and code step. The admin's own login form is never shown.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="intern:logg_inn", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("intern/", include("tiltak.intern.urls")),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin.
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True),
    ),
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
