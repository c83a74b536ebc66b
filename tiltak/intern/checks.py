"""System checks for the staff login, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_client_ip_header(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Behind a proxy every request comes from the proxy's address, unless it names
    the client's in a header: without CLIENT_IP_HEADER anyone could lock anyone
    out by typing wrong passwords for their username (README «Drift»)."""
    if not settings.SECURE_PROXY_SSL_HEADER or settings.CLIENT_IP_HEADER:
        return []
    return [
        checks.Warning(
            "The site runs behind a proxy (SECURE_PROXY_SSL_HEADER), but "
            "CLIENT_IP_HEADER is empty: every visitor has the proxy's address, so "
            "anyone can lock a user out with five wrong passwords for their "
            "username.",
            hint="Let the proxy set X-Real-IP to the address it saw, as "
            "deploy/nginx/ does, and set CLIENT_IP_HEADER=X-Real-IP.",
            id="tiltak.W001",
        )
    ]
