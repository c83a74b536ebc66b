"""The yearly plan cycle: next year's draft made from this year's plan, adopted,
then published as the plan the public pages show.

Each step checks the plan's status itself and raises PlanError with a message for
the coordinator, so the admin, /intern/ and a management command share one set of
rules. Publishing is one transaction: the public site switches to the new plan, or
nothing changes at all.
"""

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from tiltak import search
from tiltak.endringer import Standing, standing
from tiltak.models import (
    ADOPTED_FIELDS,
    Handlingsplan,
    Planseksjon,
    Plantiltak,
    Tiltak,
)
from tiltak.signals import bulk_write

# A tiltak carried into the next plan takes today's texts and area
# (ADOPTED_FIELDS): corrections made during the year are the starting point of next
# year's text. What publishing writes to a tiltak: the adopted text, «nytt» and the
# status.
PUBLISHED_FIELDS = (*ADOPTED_FIELDS, "nytt", "status")


class PlanError(Exception):
    """A step the plan's status does not allow; the message is for the user."""


def next_period(plan: Handlingsplan) -> str:
    """The plan's period a year on: «skoleåret 2023–2024» → «skoleåret 2024–2025»,
    «august 2023 – juni 2024» → «august 2024 – juni 2025». Wording without the
    plan's years becomes the school year."""
    years = {plan.fra_ar, plan.til_ar}
    pattern = r"\b[0-9]{4}\b"
    if not any(int(year) in years for year in re.findall(pattern, plan.periode)):
        return f"skoleåret {plan.fra_ar + 1}–{plan.til_ar + 1}"

    def later(match: re.Match) -> str:
        year = int(match.group())
        return str(year + 1) if year in years else match.group()

    return re.sub(pattern, later, plan.periode)


@transaction.atomic
def lag_neste_plan(plan: Handlingsplan, user=None) -> Handlingsplan:
    """A draft for the next school year with the plan's sections and tiltak.

    Carried over: every tiltak of the plan that is not archived, and the published
    tiltak that are in no plan yet (added during the year), each with today's
    texts. Follow-up starts afresh: it belongs to the year.
    """
    if not plan.is_frozen:
        raise PlanError(
            f"Planen {plan.years} er et utkast. Neste års plan lages fra en vedtatt "
            "plan."
        )
    draft = _next_draft(plan, user)
    Planseksjon.objects.bulk_create(
        Planseksjon(
            plan=draft,
            tittel=section.tittel,
            slug=section.slug,
            niva=section.niva,
            rekkefolge=section.rekkefolge,
            tekst=section.tekst,
        )
        for section in plan.seksjoner.all()
    )
    Plantiltak.objects.bulk_create(
        (
            Plantiltak(plan=draft, tiltak=tiltak, rekkefolge=order, **texts_of(source))
            for source, tiltak, order in _carried_over(plan)
        ),
        batch_size=1000,
    )
    return draft


def _next_draft(plan: Handlingsplan, user) -> Handlingsplan:
    """The next school year's plan, empty, or PlanError when the kommune has one."""
    fra, til = plan.fra_ar + 1, plan.til_ar + 1
    taken = PlanError(f"{plan.kommune} har allerede en plan for {fra}–{til}.")
    plans = Handlingsplan.objects.of_kommune(plan.kommune)
    if plans.filter(fra_ar=fra, til_ar=til).exists():
        raise taken
    draft = Handlingsplan(
        tittel=plan.tittel,
        kommune=plan.kommune,
        periode=next_period(plan),
        fra_ar=fra,
        til_ar=til,
        status=Handlingsplan.Status.UTKAST,
    )
    draft._history_user = user
    draft.full_clean()
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError as error:  # made a moment ago, by a second click
        raise taken from error
    return draft


def _carried_over(plan: Handlingsplan) -> list[tuple[Tiltak | Plantiltak, Tiltak, int]]:
    """What the next plan starts with: (where its texts come from, the tiltak, its
    place in the area), the plan's own tiltak first."""
    members = (
        Plantiltak.objects.filter(plan=plan)
        # Archived, or ended by hand during the year: not carried on.
        .exclude(tiltak__status__in=(Tiltak.Status.ARKIVERT, Tiltak.Status.AVSLUTTET))
        .select_related("tiltak")
        .order_by("innsatsomrade__rekkefolge", "rekkefolge", "pk")
    )
    # Today's texts are the current plan's, corrected; a plan adopted but not yet
    # current carries its own.
    current = plan.status == Handlingsplan.Status.GJELDENDE
    carried = [
        (member.tiltak if current else member, member.tiltak, member.rekkefolge)
        for member in members
    ]
    last = max((order for _, _, order in carried), default=0)
    added = Tiltak.objects.filter(status=Tiltak.Status.PUBLISERT, planer=None)
    carried += [
        (tiltak, tiltak, last + number) for number, tiltak in enumerate(added, start=1)
    ]
    return carried


def texts_of(source: Tiltak | Plantiltak) -> dict:
    """The texts and area a new member starts with, from a tiltak or a member."""
    return {name: getattr(source, name) for name in ADOPTED_FIELDS}


def vedta(
    plan: Handlingsplan, *, dato: date, organ: str, saksnummer: str, user=None
) -> None:
    """Record that a political body adopted the draft: its texts are now frozen."""
    if plan.status != Handlingsplan.Status.UTKAST:
        raise PlanError(
            f"Planen {plan.years} er {plan.get_status_display().lower()}, ikke et "
            "utkast, og kan ikke vedtas på nytt."
        )
    if not plan.medlemmer.exists():
        raise PlanError(f"Planen {plan.years} har ingen tiltak og kan ikke vedtas.")
    if dato > timezone.localdate():
        raise PlanError("Vedtaksdatoen kan ikke være fram i tid.")
    if organ not in Handlingsplan.Organ.values:
        raise PlanError("Velg hvem som vedtok planen.")
    if not saksnummer.strip():
        raise PlanError("Skriv inn saksnummeret planen ble vedtatt i.")
    plan.status = Handlingsplan.Status.VEDTATT
    plan.vedtatt_dato = dato
    plan.vedtatt_av = organ
    plan.saksnummer = saksnummer.strip()
    plan._history_user = user
    plan.save()


def publiser(plan: Handlingsplan, user=None) -> Handlingsplan | None:
    """Make an adopted plan the one the public pages show; returns the plan it
    replaces, now ended, if there was one.

    The tiltak follow the plan in the same transaction: its members are published
    with the adopted texts and «nytt» as computed against the plan before; every
    other published tiltak is no longer in the plan (its page stays and says so).
    """
    with bulk_write():
        # Two coordinators publishing at once: the second waits, then finds the
        # plan already current.
        locked = list(
            Handlingsplan.objects.select_for_update()
            .filter(kommune_id=plan.kommune_id)
            .order_by("pk")
        )
        plan = next(p for p in locked if p.pk == plan.pk)
        if plan.status != Handlingsplan.Status.VEDTATT:
            raise PlanError(
                f"Planen {plan.years} er {plan.get_status_display().lower()}. Bare "
                "en vedtatt plan kan publiseres."
            )
        old = next(
            (p for p in locked if p.status == Handlingsplan.Status.GJELDENDE), None
        )
        since = old.fra_ar if old is not None else 0
        waiting = [
            p.years
            for p in locked
            if p.status == Handlingsplan.Status.VEDTATT
            and since < p.fra_ar < plan.fra_ar
        ]
        if waiting:
            raise PlanError(
                f"Planen {waiting[0]} er vedtatt, men ikke publisert. Publiser den "
                f"før {plan.years}."
            )
        if old is not None and old.fra_ar > plan.fra_ar:
            raise PlanError(
                f"Den gjeldende planen {old.years} er nyere enn {plan.years}. En "
                "eldre plan kan ikke bli gjeldende igjen."
            )
        new = {tiltak_id: s == Standing.NYTT for tiltak_id, s in standing(plan).items()}
        today = timezone.localdate()
        if old is not None:
            # First, so the kommune never has two current plans.
            old.status = Handlingsplan.Status.AVSLUTTET
            old.avsluttet_dato = today
            old._history_user = user
            old.save()
        plan.status = Handlingsplan.Status.GJELDENDE
        plan.gjeldende_fra = today
        plan._history_user = user
        plan.save()
        _publish_tiltak(plan, old, new, user)
    return old


def _publish_tiltak(
    plan: Handlingsplan, old: Handlingsplan | None, new: dict[int, bool], user
) -> None:
    """Bring the tiltak in line with the plan now current, in bulk: saving them one
    by one would cost minutes in a national catalogue. Only rows that change are
    written, each with a history row.

    A text the new plan did not change from the plan before is not written: the
    tiltak keeps an edit made to it since the draft was made.
    """
    members = {m.tiltak_id: m for m in Plantiltak.objects.filter(plan=plan)}
    adopted = {m.tiltak_id: m for m in Plantiltak.objects.filter(plan=old)}
    in_plan = Plantiltak.objects.filter(plan=plan).values("tiltak_id")
    kommunes = Plantiltak.objects.filter(plan__kommune_id=plan.kommune_id)
    candidates = Tiltak.objects.filter(
        Q(pk__in=in_plan)
        | Q(status__in=(Tiltak.Status.PUBLISERT, Tiltak.Status.AVSLUTTET))
        # Another kommune's tiltak are its plans' business.
        & (Q(pk__in=kommunes.values("tiltak_id")) | Q(planer=None))
    ).distinct()
    changed = []
    now = timezone.now()
    for tiltak in candidates:
        member = members.get(tiltak.pk)
        before = [getattr(tiltak, name) for name in PUBLISHED_FIELDS]
        if member is None:
            tiltak.nytt = False
            if tiltak.status == Tiltak.Status.PUBLISERT:
                tiltak.status = Tiltak.Status.AVSLUTTET
        else:
            before_member = adopted.get(tiltak.pk)
            for name in ADOPTED_FIELDS:
                text = getattr(member, name)
                if before_member is None or text != getattr(before_member, name):
                    setattr(tiltak, name, text)
            tiltak.nytt = new.get(tiltak.pk, False)
            if tiltak.status != Tiltak.Status.ARKIVERT:
                tiltak.status = Tiltak.Status.PUBLISERT
        if [getattr(tiltak, name) for name in PUBLISHED_FIELDS] != before:
            # A new version, so a form opened before publishing cannot save the
            # old text or status back (kontakter.versioning.Versioned).
            tiltak.versjon += 1
            tiltak.oppdatert = now
            changed.append(tiltak)
    bulk_update_with_history(
        changed,
        Tiltak,
        [*PUBLISHED_FIELDS, "versjon", "oppdatert"],
        batch_size=1000,
        default_user=user,
        default_change_reason=f"Handlingsplanen {plan.years} ble gjeldende",
    )
    search.changed([tiltak.pk for tiltak in changed])
