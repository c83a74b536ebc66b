from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from slt import views
from tiltak.views import tiltak_for_temaer

# Pages that only read or redirect open no transaction: on SQLite a transaction
# takes the write lock when it begins, and would hold up every editor's save.
read_only = transaction.non_atomic_requests

# Error pages rendered from settings alone: they must work without a database.
handler400 = views.bad_request
handler500 = views.server_error

urlpatterns = [
    # Probes for a load balancer or an orchestrator (see README «Drift»).
    path("livez", views.livez, name="livez"),
    path("healthz", views.healthz, name="healthz"),
    # One way in for the admin and the staff pages: the staff login, with its
    # lockout and code step. The admin's own login form is never shown.
    path(
        "admin/login/",
        read_only(
            RedirectView.as_view(pattern_name="intern:logg_inn", query_string=True)
        ),
    ),
    path("admin/", admin.site.urls),
    path("intern/", include("tiltak.intern_urls")),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin.
    path(
        "favicon.ico",
        read_only(
            RedirectView.as_view(
                url=f"{settings.STATIC_URL}favicon.svg", permanent=True
            )
        ),
    ),
    # kontakter never imports tiltak: the tiltak under each concern of «Er du
    # bekymret?» are handed to its view here, where the apps are wired together.
    path("", include("kontakter.urls"), {"tiltak_for_temaer": tiltak_for_temaer}),
    path(
        "tilgjengelighet/",
        read_only(TemplateView.as_view(template_name="tilgjengelighet.html")),
        name="tilgjengelighet",
    ),
    path("", include("tiltak.urls")),
]
