from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def kommune(request: HttpRequest) -> dict[str, str]:
    """The installation's municipality and where «Forlat siden» leads."""
    host = urlsplit(settings.FORLAT_SIDEN_URL).hostname or ""
    return {
        "kommune_navn": settings.KOMMUNE_NAVN,
        "forlat_siden_url": settings.FORLAT_SIDEN_URL,
        "forlat_siden_navn": host.removeprefix("www."),
    }
