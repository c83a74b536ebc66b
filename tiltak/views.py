from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kontakter.models import Bekymringstema
from tiltak.endringer import Standing, standing
from tiltak.filters import PAGE_PARAM, TiltakFilter
from tiltak.intern.access import may_see_unpublished
from tiltak.models import (
    BEEN_CURRENT,
    Handlingsplan,
    Innsatsomrade,
    Plantiltak,
    TidligereAdresse,
    Tiltak,
    TiltakKanal,
    TiltakQuerySet,
    TiltakTema,
)

PAGE_SIZE = 20
# A kommune's plan (Lillestrøm's has 42 tiltak) is one page; a national one is not.
PLAN_PAGE_SIZE = 50
# Tiltak whose page everyone sees: a tiltak that left the plan keeps its page, so
# an old bookmark still works; the list, search and areas show PUBLISERT only.
PUBLIC_PAGE_STATUSES = (Tiltak.Status.PUBLISERT, Tiltak.Status.AVSLUTTET)


@require_safe
def forside(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "tiltak/forside.html",
        {
            "plan": Handlingsplan.objects.select_related("kommune").gjeldende(),
            "omrader": Innsatsomrade.objects.with_counts(),
        },
    )


def paginate(request: HttpRequest, items: QuerySet, count: int | None = None) -> dict:
    """One page of `items`, and links to the pages around it and at the ends.

    `count` saves the paginator's COUNT query when the caller knows the total.
    """
    paginator = Paginator(items, PAGE_SIZE)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get(PAGE_PARAM))
    # 1 … 4 5 [6] 7 8 … 1000: a national list has a thousand pages.
    links = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {"page": page, "page_links": list(links), "ellipsis": paginator.ELLIPSIS}


def list_context(request: HttpRequest, filterset: TiltakFilter) -> dict:
    """A filtered list's page of tiltak, its chips and facets: public and staff.

    Five queries whatever the number of tiltak or the filters chosen: the facets
    (which also give the total, so the paginator does not count again, and check
    the chosen area and actor), the page, its actors and its channels, and the
    data version the page cache asks for. A search adds its synonyms.
    """
    facets = filterset.facets()  # first: it may correct the search's spelling
    tiltak = filterset.qs.with_contacts()
    return paginate(request, tiltak, facets.total) | {
        "filter": filterset,
        "chips": filterset.chips(request.GET),
        "omrade_options": facets.areas,
        "ansvar_options": facets.actors,
        "ansvar_skjult": facets.hidden_actors,
        "nytt_count": facets.new,
        "page_param": PAGE_PARAM,
    }


@require_safe
def tiltak_liste(request: HttpRequest) -> HttpResponse:
    filterset = TiltakFilter(request.GET, queryset=Tiltak.objects.published())
    context = list_context(request, filterset)
    # A bad filter value is the request's fault: say so, and show the rest.
    status = 400 if filterset.errors else 200
    return render(request, "tiltak/liste.html", context, status=status)


def visible_tiltak(request: HttpRequest) -> TiltakQuerySet:
    """The tiltak whose page the visitor may see: the published ones and those
    no longer in the plan; every one for staff who may see drafts and archived
    tiltak (tiltak.intern.access)."""
    if may_see_unpublished(request.user):
        return Tiltak.objects.all()
    return Tiltak.objects.filter(status__in=PUBLIC_PAGE_STATUSES)


def departure(tiltak: Tiltak) -> dict:
    """What the page of a tiltak no longer in the plan says: the last plan it
    was in, the first current plan without it (since when) and today's plan.

    One query besides Tiltak.plan: the plans made current after its last one.
    """
    last = tiltak.plan
    if last is None:  # ended by hand, never in a plan
        current = Handlingsplan.objects.gjeldende()
        return {"siste_plan": None, "forste_uten": None, "gjeldende": current}
    later = list(
        Handlingsplan.objects.filter(
            kommune_id=last.kommune_id,
            fra_ar__gt=last.fra_ar,
            status__in=BEEN_CURRENT,
        ).order_by("fra_ar")
    )
    current = [plan for plan in later if plan.status == Handlingsplan.Status.GJELDENDE]
    return {
        "siste_plan": last,
        "forste_uten": later[0] if later else None,
        "gjeldende": current[0] if current else None,
    }


@require_safe
def tiltak_detalj(request: HttpRequest, slug: str) -> HttpResponse:
    visible = visible_tiltak(request)
    tiltak = visible.with_contacts().filter(slug=slug).first()
    if tiltak is None:
        # A renamed tiltak keeps its old, perhaps bookmarked, address working,
        # for those who may see where it leads: else 404, as for no tiltak.
        moved = get_object_or_404(
            TidligereAdresse.objects.select_related("tiltak"),
            slug=slug,
            tiltak__in=visible,
        )
        return redirect(moved.tiltak, permanent=True)
    published = Tiltak.objects.published()
    avsluttet = tiltak.status == Tiltak.Status.AVSLUTTET
    context = {
        "tiltak": tiltak,
        "andre": published.from_same_aktor(tiltak).select_related("innsatsomrade"),
        "forlat_siden": tiltak.innsatsomrade.has_quick_exit,
        "forhandsvisning": tiltak.status not in PUBLIC_PAGE_STATUSES,
        "utenfor_planen": departure(tiltak) if avsluttet else None,
    }
    response = render(request, "tiltak/detalj.html", context)
    if context["forhandsvisning"]:
        add_never_cache_headers(response)
    return response


@require_safe
def innsatsomrade(request: HttpRequest, slug: str) -> HttpResponse:
    omrade = get_object_or_404(Innsatsomrade, slug=slug)
    # By title alone, as the area is given: read from the list's index, in order.
    tiltak = (
        Tiltak.objects.published()
        .filter(innsatsomrade=omrade)
        .order_by("tittel")
        .with_contacts()
    )
    context = paginate(request, tiltak) | {
        "omrade": omrade,
        "forlat_siden": omrade.has_quick_exit,
    }
    return render(request, "tiltak/innsatsomrade.html", context)


@require_safe
def om(request: HttpRequest) -> HttpResponse:
    plans = Handlingsplan.objects.select_related("kommune")
    plan = plans.prefetch_related("seksjoner").gjeldende()
    return render(request, "tiltak/om.html", {"plan": plan})


def may_preview_plans(user) -> bool:
    """Staff who may see a draft plan on its public address, as a preview."""
    return may_see_unpublished(user) and user.has_perm("tiltak.view_handlingsplan")


@require_safe
def planer(request: HttpRequest) -> HttpResponse:
    plans = (
        Handlingsplan.objects.of_kommune()
        .public()
        .select_related("kommune")
        .annotate(antall=Count("medlemmer"))
        .order_by("-fra_ar")
    )
    return render(request, "tiltak/planer.html", {"planer": plans})


@require_safe
def plan_detalj(request: HttpRequest, periode: str) -> HttpResponse:
    """A plan as it was adopted: its own texts and «nytt» marks, today's contacts.

    A draft is 404 but for staff who may preview it; the preview is never cached.
    Pages of PLAN_PAGE_SIZE tiltak; the table of contents counts the whole plan.
    """
    plan = Handlingsplan.objects.select_related("kommune").by_slug(periode)
    if plan is None or not (plan.is_public or may_preview_plans(request.user)):
        raise Http404("Ingen vedtatt handlingsplan for denne perioden.")
    counts = list(Innsatsomrade.objects.in_plan(plan))
    paginator = Paginator(
        Plantiltak.objects.filter(plan=plan)
        .select_related("innsatsomrade")
        .prefetch_related(Prefetch("tiltak", queryset=Tiltak.objects.with_contacts())),
        PLAN_PAGE_SIZE,
    )
    paginator.count = sum(omrade.antall for omrade in counts)
    page = paginator.get_page(request.GET.get(PAGE_PARAM))
    # The table of contents links each area to the page it starts on.
    before = 0
    for omrade in counts:
        omrade.side = before // PLAN_PAGE_SIZE + 1
        before += omrade.antall
    members = list(page)
    new = {pk for pk, mark in standing(plan).items() if mark == Standing.NYTT}
    staff = may_see_unpublished(request.user)
    for member in members:
        member.nytt = member.tiltak_id in new
        member.har_side = staff or member.tiltak.status in PUBLIC_PAGE_STATUSES
    areas = groupby(members, key=attrgetter("innsatsomrade"))
    links = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    is_current = plan.status == Handlingsplan.Status.GJELDENDE
    current = None if is_current else Handlingsplan.objects.gjeldende(plan.kommune)
    context = {
        "plan": plan,
        "omrader": [(omrade, list(group)) for omrade, group in areas],
        "innhold": counts,
        "page": page,
        "page_links": list(links),
        "ellipsis": paginator.ELLIPSIS,
        "seksjoner": list(plan.seksjoner.all()),
        "gjeldende": current,
        "forhandsvisning": not plan.is_public,
    }
    response = render(request, "tiltak/plan_detalj.html", context)
    if context["forhandsvisning"]:
        add_never_cache_headers(response)
    return response


@require_safe
@cache_control(max_age=3600, public=True)
def farger_css(request: HttpRequest) -> HttpResponse:
    """The municipality's colour from settings, as CSS: the CSP forbids inline style."""
    css = f":root {{ --slt-kommunefarge: {settings.KOMMUNE_FARGE}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def tiltak_for_temaer(temaer: list[Bekymringstema]) -> dict[int, list[Tiltak]]:
    """The published tiltak under each concern of «Er du bekymret?», in order.

    Handed to the kontakter view by the URLconf, since kontakter never imports
    tiltak.
    """
    links = (
        TiltakTema.objects.filter(
            tema__in=temaer, tiltak__status=Tiltak.Status.PUBLISERT
        )
        .select_related("tiltak")
        .prefetch_related(
            Prefetch(
                "tiltak__tiltakkanal_set",
                queryset=TiltakKanal.objects.select_related("kanal__aktor"),
            )
        )
    )
    result: dict[int, list[Tiltak]] = {tema.pk: [] for tema in temaer}
    for link in links:
        result[link.tema_id].append(link.tiltak)
    return result
