"""The admin site: its titles, and a transaction only for requests that edit.

ATOMIC_REQUESTS (slt.settings) runs every request in one transaction, so an admin
action that saves many tiltak saves all or none. On SQLite a transaction takes the
write lock when it begins (SQLITE_OPTIONS), so an editor reading a long list or a
history would keep every other editor's save waiting. Here the admin's reading
requests (GET, HEAD, OPTIONS) run without one, as Django's own change form does,
and everything else still runs in one.
"""

from functools import wraps

from django.contrib import admin
from django.db import transaction
from django.urls import URLResolver

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def atomic_when_editing(view):
    """`view` in a transaction unless the request only reads."""

    @transaction.non_atomic_requests
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in READ_ONLY_METHODS:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return wrapper


def _wrap_views(patterns: list) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _wrap_views(pattern.url_patterns)
        else:
            pattern.callback = atomic_when_editing(pattern.callback)


class SltAdminSite(admin.AdminSite):
    site_header = "SLT-tiltak – redigering"
    site_title = "SLT-tiltak"
    index_title = "Handlingsplan og kontakter"

    def get_urls(self) -> list:
        # ATOMIC_REQUESTS looks at the view a URL names, so that is what is wrapped.
        urls = super().get_urls()
        _wrap_views(urls)
        return urls
