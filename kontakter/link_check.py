"""Checking the web addresses of contact channels over HTTP, with timeouts.

A link is «feil» only when a server answered and said it is broken (404, 500, a bad
certificate). When no server could be reached at all (no network, a name that does
not resolve, a timeout) the link is «ikke sjekket» with the reason: from a machine
without network every link would otherwise look broken.
"""

import errno
import http.client
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from django.utils import timezone

from kontakter.models import LINK_CHECK_FIELDS, Kontaktkanal

USER_AGENT = "SLT-tiltak lenkesjekk (Python urllib)"
# Servers that refuse HEAD are asked again with GET.
HEAD_REFUSED = {403, 405, 501}
WORKERS = 8

Status = Kontaktkanal.Lenkestatus


@dataclass(frozen=True)
class Result:
    status: Status
    melding: str


def _open(url: str, method: str, timeout: float) -> int:
    request = Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urlopen(request, timeout=timeout) as response:
        return response.status


def _no_contact(reason: object, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        return "fant ikke tjeneren (navneoppslaget feilet)"
    if isinstance(reason, ConnectionRefusedError):
        return "tilkoblingen ble avvist"
    if isinstance(reason, TimeoutError):
        return f"ingen svar innen {timeout:g} sekunder"
    if isinstance(reason, OSError) and reason.errno in (
        errno.ENETUNREACH,
        errno.EHOSTUNREACH,
    ):
        return "nettverket kan ikke nås"
    return str(reason)


def check_url(url: str, timeout: float) -> Result:
    """Ask the server for the address; never raises for a network problem."""
    try:
        try:
            code = _open(url, "HEAD", timeout)
        except HTTPError as error:
            if error.code not in HEAD_REFUSED:
                raise
            code = _open(url, "GET", timeout)
    except HTTPError as error:
        return Result(Status.FEIL, f"Svarte {error.code} {error.reason}".strip())
    except URLError as error:
        if isinstance(error.reason, ssl.SSLError | ssl.CertificateError):
            return Result(Status.FEIL, f"Den sikre forbindelsen feilet: {error.reason}")
        reason = _no_contact(error.reason, timeout)
        return Result(Status.IKKE_SJEKKET, f"Fikk ikke kontakt: {reason}")
    except http.client.HTTPException as error:
        return Result(Status.FEIL, f"Ugyldig svar fra tjeneren: {error!r}")
    except OSError as error:
        # Timeouts and resets while reading come as bare OSErrors.
        reason = _no_contact(error, timeout)
        return Result(Status.IKKE_SJEKKET, f"Fikk ikke kontakt: {reason}")
    except ValueError as error:
        return Result(Status.FEIL, f"Adressen kan ikke brukes: {error}")
    return Result(Status.OK, f"Svarte {code}")


def check_links(
    timeout: float, workers: int = WORKERS
) -> list[tuple[Kontaktkanal, Result]]:
    """Check every web channel with an address and record the result on it.

    Each distinct address is asked once. The results are written with
    bulk_update, so the version an editor's open form carries stays valid.
    """
    kanaler = list(
        Kontaktkanal.objects.filter(type=Kontaktkanal.Type.NETT)
        .exclude(verdi="")
        .select_related("aktor")
    )
    urls = sorted({kanal.verdi for kanal in kanaler})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = pool.map(partial(check_url, timeout=timeout), urls)
        results = dict(zip(urls, answers, strict=True))
    now = timezone.now()
    for kanal in kanaler:
        result = results[kanal.verdi]
        kanal.lenke_status = result.status
        kanal.lenke_melding = result.melding[:300]
        kanal.lenke_sjekket = now
    Kontaktkanal.objects.bulk_update(kanaler, LINK_CHECK_FIELDS, batch_size=500)
    return [(kanal, results[kanal.verdi]) for kanal in kanaler]
