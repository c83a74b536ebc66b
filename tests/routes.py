"""Every public route of the URLconf, and an address that exercises each."""

from django.urls import URLPattern, URLResolver, get_resolver

# Every public route and an address that exercises it, with the status it gives.
PUBLIC = {
    "": ("/", 200),
    "tiltak/": ("/tiltak/", 200),
    "tiltak/<slug:slug>/": ("/tiltak/hasjavvenningsprogram-hap/", 200),
    "innsatsomrader/<slug:slug>/": ("/innsatsomrader/vold-og-overgrep/", 200),
    "er-du-bekymret/": ("/er-du-bekymret/", 200),
    "er-du-bekymret/<slug:slug>/": ("/er-du-bekymret/rus/", 200),
    "om/": ("/om/", 200),
    "planer/": ("/planer/", 200),
    "planer/<periode:periode>/": ("/planer/2023-2024/", 200),
    "tilgjengelighet/": ("/tilgjengelighet/", 200),
    "farger.css": ("/farger.css", 200),
    "favicon.ico": ("/favicon.ico", 301),
    "livez": ("/livez", 200),
    "healthz": ("/healthz", 200),
}
STAFF_ONLY = ("admin/", "intern/")


def public_routes(patterns=None, prefix: str = ""):
    """Every route of the URLconf outside the staff areas, as its pattern text."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(STAFF_ONLY):
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route
