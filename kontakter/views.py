from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kontakter.models import Bekymringstema, Kontaktkort, Nodnummer

# Given the concerns, the tiltak to show under each (by the concern's id).
TiltakForTemaer = Callable[[list[Bekymringstema]], dict[int, list]]


def no_tiltak(temaer: list[Bekymringstema]) -> dict[int, list]:
    return {}


@require_safe
def bekymret(
    request: HttpRequest, tiltak_for_temaer: TiltakForTemaer = no_tiltak
) -> HttpResponse:
    temaer = list(Bekymringstema.objects.all())
    tiltak = tiltak_for_temaer(temaer)
    context = {
        "nodnumre": Nodnummer.objects.all(),
        "kontaktkort": Kontaktkort.objects.all(),
        "temaer": [(tema, tiltak.get(tema.pk, [])) for tema in temaer],
        "forlat_siden": True,
    }
    return render(request, "kontakter/bekymret.html", context)
