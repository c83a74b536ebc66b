"""What a plan changed against the kommune's plan before it: computed, never typed.

A tiltak in a plan is «nytt» when the previous plan did not have it, «videreført»
when it did with the same adopted text, «endret» when the text differs; a tiltak of
the previous plan that this plan lacks is «avsluttet». The first plan in the
database has no previous plan: its own «(nytt tiltak)» marks decide (merket_nytt).
"""

from django.db.models import TextChoices

from tiltak.models import PLAN_TEXT_FIELDS, Handlingsplan, Plantiltak

# What «endret» compares: the adopted texts and the area the tiltak is under.
COMPARED_FIELDS = (*PLAN_TEXT_FIELDS, "innsatsomrade_id")


class Standing(TextChoices):
    NYTT = "nytt", "Nytt"
    VIDEREFORT = "videreført", "Videreført"
    ENDRET = "endret", "Endret"
    AVSLUTTET = "avsluttet", "Avsluttet"


def texts_differ(old: Plantiltak, new: Plantiltak) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in COMPARED_FIELDS)


def standing(
    plan: Handlingsplan, previous: Handlingsplan | None = ...
) -> dict[int, Standing]:
    """Each member's standing in `plan`, by tiltak id (two queries).

    `previous` defaults to plan.previous(); pass another plan to compare with it.
    """
    if previous is ...:
        previous = plan.previous()
    members = list(Plantiltak.objects.filter(plan=plan))
    if previous is None:
        return {
            m.tiltak_id: Standing.NYTT if m.merket_nytt else Standing.VIDEREFORT
            for m in members
        }
    before = {m.tiltak_id: m for m in Plantiltak.objects.filter(plan=previous)}
    result = {}
    for member in members:
        old = before.get(member.tiltak_id)
        if old is None:
            result[member.tiltak_id] = Standing.NYTT
        elif texts_differ(old, member):
            result[member.tiltak_id] = Standing.ENDRET
        else:
            result[member.tiltak_id] = Standing.VIDEREFORT
    return result


def ended(plan: Handlingsplan, previous: Handlingsplan | None = ...):
    """The previous plan's members that `plan` does not hold: «avsluttet»."""
    if previous is ...:
        previous = plan.previous()
    if previous is None:
        return Plantiltak.objects.none()
    kept = Plantiltak.objects.filter(plan=plan).values("tiltak_id")
    return (
        Plantiltak.objects.filter(plan=previous)
        .exclude(tiltak_id__in=kept)
        .select_related("innsatsomrade", "tiltak")
    )
