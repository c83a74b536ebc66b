from django.conf import settings
from django.http import HttpRequest


def kommune(request: HttpRequest) -> dict[str, str]:
    """The installation's municipality, for the header, footer and page titles."""
    return {
        "kommune_navn": settings.KOMMUNE_NAVN,
        "forlat_siden_url": settings.FORLAT_SIDEN_URL,
    }
