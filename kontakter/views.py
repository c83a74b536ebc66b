from collections.abc import Callable

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from kontakter.models import (
    Bekymringstema,
    Kontaktkanal,
    Kontaktkort,
    Kortkanal,
    Nodnummer,
    Temakanal,
)

# Given the concerns, the tiltak to show under each (by the concern's id).
TiltakForTemaer = Callable[[list[Bekymringstema]], dict[int, list]]

# The two paths of a concern's page, in order.
AUDIENCES = {
    Temakanal.Malgruppe.FORELDRE: "For foreldre og unge",
    Temakanal.Malgruppe.FAGFOLK: "For deg som jobber med barn og unge",
}


def no_tiltak(temaer: list[Bekymringstema]) -> dict[int, list]:
    return {}


def paragraphs(text: str) -> list[str]:
    """An editor's text as paragraphs: a blank line starts a new one."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


@require_safe
def bekymret(
    request: HttpRequest, tiltak_for_temaer: TiltakForTemaer = no_tiltak
) -> HttpResponse:
    # The tiltak are on each concern's own page: this page takes the URLconf's
    # `tiltak_for_temaer` like the concern pages, and leaves it unused.
    links = Kortkanal.objects.select_related("kanal__aktor")
    context = {
        "nodnumre": Nodnummer.objects.all(),
        "kontaktkort": Kontaktkort.objects.prefetch_related(
            Prefetch("kortkanal_set", queryset=links)
        ),
        "temaer": Bekymringstema.objects.only("tittel", "slug", "sporsmal"),
        "apne": Kontaktkanal.objects.on_bekymret().open_now(),
        "forlat_siden": True,
    }
    return render(request, "kontakter/bekymret.html", context)


@require_safe
def bekymret_tema(
    request: HttpRequest, slug: str, tiltak_for_temaer: TiltakForTemaer = no_tiltak
) -> HttpResponse:
    links = Temakanal.objects.select_related("kanal__aktor")
    tema = get_object_or_404(
        Bekymringstema.objects.prefetch_related(
            Prefetch("temakanal_set", queryset=links)
        ),
        slug=slug,
    )
    audiences = [
        {
            "id": malgruppe,
            "tittel": tittel,
            "avsnitt": paragraphs(tema.advice(malgruppe)),
            "kanaler": tema.first_calls(malgruppe),
        }
        for malgruppe, tittel in AUDIENCES.items()
    ]
    context = {
        "tema": tema,
        "malgrupper": audiences,
        "tiltak": tiltak_for_temaer([tema]).get(tema.pk, []),
        "nodnumre": Nodnummer.objects.all(),
        "andre_temaer": Bekymringstema.objects.exclude(pk=tema.pk).only(
            "tittel", "slug"
        ),
        "forlat_siden": True,
    }
    return render(request, "kontakter/bekymret_tema.html", context)
