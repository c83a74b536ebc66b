from calendar import monthrange
from datetime import date
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kontakter.models import (
    NO_PERSONAL_DATA,
    Aktor,
    Bekymringstema,
    ImportKey,
    Kommune,
    Kontaktkanal,
)
from kontakter.personvern import NoIdentityNumbers
from kontakter.versioning import Versioned, track_history

MAX_AGE = 120


class HandlingsplanQuerySet(models.QuerySet):
    def public(self) -> "HandlingsplanQuerySet":
        """Adopted plans: what /planer/ lists. Drafts are never public."""
        return self.filter(status__in=PUBLIC_PLAN_STATUSES)

    def of_kommune(self, kommune: Kommune | None = None) -> "HandlingsplanQuerySet":
        """The plans of `kommune`, by default the installation's (in the same
        query)."""
        if kommune is None:
            return self.filter(kommune=Kommune.objects.installation_pk())
        return self.filter(kommune=kommune)

    def by_slug(self, slug: str, kommune: Kommune | None = None):
        """The kommune's plan for the period «2023-2024», or None."""
        fra, _, til = slug.partition("-")
        if not (fra.isdigit() and til.isdigit()):
            return None
        plans = self.of_kommune(kommune)
        return plans.filter(fra_ar=int(fra), til_ar=int(til)).first()

    def gjeldende(self, kommune: Kommune | None = None) -> "Handlingsplan | None":
        """The plan the public pages show, of the installation's kommune."""
        current = self.of_kommune(kommune).filter(status=Handlingsplan.Status.GJELDENDE)
        return current.first()


class Handlingsplan(Versioned):
    """A plan period of a kommune (one school year), and its background text.

    A plan is made as a draft (utkast), adopted (vedtatt) by a political body,
    then made current (gjeldende): the one the public pages show. When the next
    plan becomes current, this one is ended (avsluttet) and stays readable.
    Its tiltak and their adopted texts are its members (Plantiltak).
    """

    class Status(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        VEDTATT = "vedtatt", "Vedtatt"
        GJELDENDE = "gjeldende", "Gjeldende"
        AVSLUTTET = "avsluttet", "Avsluttet"

    class Organ(models.TextChoices):
        POLITIRADET = "politiradet", "Politirådet"
        KOMMUNESTYRET = "kommunestyret", "Kommunestyret"
        FORMANNSKAPET = "formannskapet", "Formannskapet"

    tittel = models.CharField("tittel", max_length=200)
    kommune = models.ForeignKey(
        Kommune,
        verbose_name="kommune",
        on_delete=models.PROTECT,
        related_name="planer",
    )
    periode = models.CharField(
        "periode", max_length=50, help_text="For eksempel «skoleåret 2023–2024»."
    )
    fra_ar = models.PositiveSmallIntegerField(
        "fra år", help_text="Skoleåret begynner om høsten dette året."
    )
    til_ar = models.PositiveSmallIntegerField("til år")
    status = models.CharField(
        "status",
        max_length=20,
        choices=Status.choices,
        default=Status.UTKAST,
        editable=False,
        help_text="Endres med «Vedta» og «Publiser», ikke for hånd.",
    )
    vedtatt_dato = models.DateField("vedtatt dato", null=True, blank=True)
    vedtatt_av = models.CharField(
        "vedtatt av", max_length=20, choices=Organ.choices, blank=True
    )
    saksnummer = models.CharField(
        "saksnummer",
        max_length=50,
        blank=True,
        help_text="Saken planen ble vedtatt i, for eksempel «24/1234».",
    )
    gjeldende_fra = models.DateField(
        "gjeldende fra", null=True, blank=True, editable=False
    )
    avsluttet_dato = models.DateField(
        "avsluttet", null=True, blank=True, editable=False
    )
    kilde = models.CharField(
        "kilde",
        max_length=200,
        blank=True,
        editable=False,
        help_text="Filen planen ble importert fra.",
    )

    objects = HandlingsplanQuerySet.as_manager()
    history = track_history()

    class Meta:
        ordering = ["kommune", "-fra_ar"]
        verbose_name = "handlingsplan"
        verbose_name_plural = "handlingsplaner"
        permissions = [
            ("publish_handlingsplan", "Kan vedta og publisere handlingsplaner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fra_ar__lte=F("til_ar")),
                name="tiltak_handlingsplan_period_in_order",
                violation_error_message="Fra år kan ikke være etter til år.",
            ),
            models.UniqueConstraint(
                fields=["kommune"],
                condition=Q(status="gjeldende"),
                name="tiltak_handlingsplan_one_gjeldende_per_kommune",
                violation_error_message="Kommunen har allerede en gjeldende plan.",
            ),
            models.UniqueConstraint(
                fields=["kommune", "fra_ar", "til_ar"],
                name="tiltak_handlingsplan_one_per_period",
                violation_error_message="Kommunen har allerede en plan for denne "
                "perioden.",
            ),
            models.UniqueConstraint(
                fields=["kilde"],
                condition=~Q(kilde=""),
                name="tiltak_handlingsplan_unique_source",
                violation_error_message="En plan er allerede importert fra denne "
                "filen.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tittel}, {self.kommune}, {self.periode}"

    def get_absolute_url(self) -> str:
        return reverse("plan_detalj", args=[self.slug])

    @property
    def slug(self) -> str:
        """The period in addresses: «2023-2024»."""
        return f"{self.fra_ar}-{self.til_ar}"

    @property
    def years(self) -> str:
        return f"{self.fra_ar}–{self.til_ar}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_PLAN_STATUSES

    @property
    def is_frozen(self) -> bool:
        """Adopted: its members' texts are the plan's and no longer change."""
        return self.status != self.Status.UTKAST

    def previous(self) -> "Handlingsplan | None":
        """The kommune's adopted plan before this one: what «nytt» is measured
        against. None for the first plan in the database."""
        return (
            Handlingsplan.objects.public()
            .filter(kommune_id=self.kommune_id, fra_ar__lt=self.fra_ar)
            .order_by("-fra_ar")
            .first()
        )


PUBLIC_PLAN_STATUSES = (
    Handlingsplan.Status.VEDTATT,
    Handlingsplan.Status.GJELDENDE,
    Handlingsplan.Status.AVSLUTTET,
)
# Plans that have been what the public pages show.
BEEN_CURRENT = (Handlingsplan.Status.GJELDENDE, Handlingsplan.Status.AVSLUTTET)


class Planseksjon(Versioned):
    """A background section of the plan (Bakgrunn, Mål, SLT-modellen …)."""

    plan = models.ForeignKey(
        Handlingsplan,
        verbose_name="handlingsplan",
        on_delete=models.CASCADE,
        related_name="seksjoner",
    )
    tittel = models.CharField("tittel", max_length=200)
    slug = models.SlugField("nettadresse", max_length=80)
    niva = models.PositiveSmallIntegerField(
        "nivå", default=1, help_text="1 for en hoveddel, 2 for en underdel."
    )
    rekkefolge = models.PositiveIntegerField("rekkefølge", default=0)
    tekst = models.TextField(
        "tekst",
        blank=True,
        help_text="Avsnitt skilles med en tom linje; linjer som begynner med «1.» "
        "eller «•» blir lister.",
    )

    class Meta:
        ordering = ["plan", "rekkefolge"]
        verbose_name = "seksjon i planen"
        verbose_name_plural = "seksjoner i planen"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "slug"],
                name="tiltak_planseksjon_unique_slug_per_plan",
                violation_error_message="Planen har allerede en seksjon med denne "
                "nettadressen.",
            )
        ]

    def __str__(self) -> str:
        return self.tittel


class InnsatsomradeQuerySet(models.QuerySet):
    def with_counts(self) -> "InnsatsomradeQuerySet":
        """Each area with `tiltak_count`: how many published tiltak it has."""
        published = Q(tiltak__status=Tiltak.Status.PUBLISERT)
        # Meta.ordering does not apply to a GROUP BY query.
        return self.annotate(tiltak_count=Count("tiltak", filter=published)).order_by(
            *Innsatsomrade._meta.ordering
        )

    def in_plan(self, plan: "Handlingsplan") -> "InnsatsomradeQuerySet":
        """The plan's areas with `antall`: how many of its tiltak each has, in the
        order the plan lists its tiltak (Plantiltak.Meta.ordering)."""
        return (
            self.filter(plantiltak__plan=plan)
            .annotate(antall=Count("plantiltak"))
            .order_by(*Innsatsomrade._meta.ordering)
        )


# Areas whose pages may be read by someone at risk at home: they get «Forlat siden».
QUICK_EXIT_AREAS = {"vold-og-overgrep"}


class Innsatsomrade(Versioned):
    """One of the priority areas of the politiråd agreement."""

    navn = models.CharField("navn", max_length=200, unique=True)
    slug = models.SlugField("nettadresse", max_length=80, unique=True)
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=0)
    beskrivelse = models.TextField("beskrivelse", blank=True)

    objects = InnsatsomradeQuerySet.as_manager()

    class Meta:
        ordering = ["rekkefolge", "navn"]
        constraints = [
            # Never violated, since the name is unique: the index in the order
            # of the areas, by which SQLite reads a page of the tiltak list in
            # its order without sorting (Tiltak.Meta.ordering).
            models.UniqueConstraint(
                fields=["rekkefolge", "navn"], name="tiltak_innsatsomrade_order"
            )
        ]
        verbose_name = "innsatsområde"
        verbose_name_plural = "innsatsområder"

    def __str__(self) -> str:
        return self.navn

    @property
    def has_quick_exit(self) -> bool:
        return self.slug in QUICK_EXIT_AREAS


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (31 March − 1 → 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def age_constraints(prefix: str) -> list[models.CheckConstraint]:
    """A target age range in order and within 0–MAX_AGE, for tiltak and members."""
    return [
        models.CheckConstraint(
            condition=Q(alder_fra__isnull=True)
            | Q(alder_til__isnull=True)
            | Q(alder_fra__lte=F("alder_til")),
            name=f"{prefix}_age_range_in_order",
            violation_error_message="«Alder fra» kan ikke være høyere enn «alder til».",
        ),
        models.CheckConstraint(
            condition=(Q(alder_fra__isnull=True) | Q(alder_fra__lte=MAX_AGE))
            & (Q(alder_til__isnull=True) | Q(alder_til__lte=MAX_AGE)),
            name=f"{prefix}_age_at_most_120",
            violation_error_message=f"Alder må være mellom 0 og {MAX_AGE} år.",
        ),
    ]


def check_age_range(instance) -> None:
    """The form-level messages of age_constraints, on the field they concern."""
    errors = {}
    for field in ("alder_fra", "alder_til"):
        value = getattr(instance, field)
        if value is not None and value > MAX_AGE:
            errors[field] = f"Alder må være mellom 0 og {MAX_AGE} år."
    if (
        not errors
        and instance.alder_fra is not None
        and instance.alder_til is not None
        and instance.alder_fra > instance.alder_til
    ):
        errors["alder_til"] = "«Alder til» må være lik eller høyere enn «alder fra»."
    if errors:
        raise ValidationError(errors)


def describe_age_range(alder_fra: int | None, alder_til: int | None) -> str:
    if alder_fra is not None and alder_til is not None:
        return f"{alder_fra}–{alder_til} år"
    if alder_fra is not None:
        return f"fra {alder_fra} år"
    if alder_til is not None:
        return f"til og med {alder_til} år"
    return ""


class TiltakQuerySet(models.QuerySet):
    def published(self) -> "TiltakQuerySet":
        return self.filter(status=Tiltak.Status.PUBLISERT)

    def with_contacts(self) -> "TiltakQuerySet":
        """What a card or page shows: area, actors and channels, in fixed queries."""
        return self.select_related("innsatsomrade").prefetch_related(
            Prefetch(
                "tiltakaktor_set",
                queryset=TiltakAktor.objects.select_related("aktor"),
            ),
            Prefetch(
                "tiltakkanal_set",
                queryset=TiltakKanal.objects.select_related("kanal__aktor"),
            ),
        )

    def for_age(self, alder: int) -> "TiltakQuerySet":
        """Tiltak whose target range includes the age, and those without a range."""
        return self.filter(
            Q(alder_fra__isnull=True) | Q(alder_fra__lte=alder),
            Q(alder_til__isnull=True) | Q(alder_til__gte=alder),
        )

    def with_aktortype(self, type: str) -> "TiltakQuerySet":
        """Tiltak with at least one responsible actor of this kind (Aktor.Type)."""
        return self.filter(
            Exists(TiltakAktor.objects.filter(tiltak=OuterRef("pk"), aktor__type=type))
        )

    def without_kontaktkanal(self) -> "TiltakQuerySet":
        """Tiltak with no channel one can use: none, or only web pages the plan
        names without an address (Kontaktkanal.lacks_link)."""
        usable = TiltakKanal.objects.filter(tiltak=OuterRef("pk")).exclude(
            kanal__type=Kontaktkanal.Type.NETT, kanal__verdi=""
        )
        return self.filter(~Exists(usable))

    def not_verified_in(self, maneder: int) -> "TiltakQuerySet":
        """Tiltak last verified more than `maneder` months ago; never verified
        counts as old."""
        grense = months_before(timezone.localdate(), maneder)
        return self.filter(
            Q(sist_verifisert__isnull=True) | Q(sist_verifisert__lt=grense)
        )

    def from_same_aktor(self, tiltak: "Tiltak") -> "TiltakQuerySet":
        """Other tiltak sharing a responsible actor with this one."""
        return (
            self.filter(aktorer__in=tiltak.aktorer.all())
            .exclude(pk=tiltak.pk)
            .distinct()
        )


class Tiltak(Versioned, ImportKey):
    class Status(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        PUBLISERT = "publisert", "Publisert"
        # Set when a plan without it becomes gjeldende: the page stays and says so.
        AVSLUTTET = "avsluttet", "Ikke lenger i planen"
        ARKIVERT = "arkivert", "Arkivert"

    tittel = models.CharField("tittel", max_length=200)
    slug = models.SlugField(
        "nettadresse",
        max_length=80,
        unique=True,
        help_text="Siste del av adressen til tiltaket, for eksempel «gatemegling».",
    )
    beskrivelse = models.TextField(
        "beskrivelse",
        help_text="Avsnitt skilles med en tom linje; linjer som begynner med «1.» "
        "eller «•» blir lister. " + NO_PERSONAL_DATA,
    )
    innsatsomrade = models.ForeignKey(
        Innsatsomrade,
        verbose_name="innsatsområde",
        on_delete=models.PROTECT,
        related_name="tiltak",
        help_text="Området tiltakets hovedmål hører til.",
    )
    nytt = models.BooleanField(
        "nytt tiltak",
        default=False,
        editable=False,
        help_text="Nytt i den gjeldende planen: regnes ut når en plan publiseres.",
    )
    alder_fra = models.PositiveSmallIntegerField(
        "alder fra", null=True, blank=True, help_text="Tom når planen ikke sier noe."
    )
    alder_til = models.PositiveSmallIntegerField(
        "alder til", null=True, blank=True, help_text="Tom når planen ikke sier noe."
    )
    ansvar_tekst = models.TextField(
        "ansvar (fra planen)",
        blank=True,
        help_text="«Ansvar» slik planen skriver det. Aktørene under er det som vises "
        "og filtreres på.",
    )
    aktorer = models.ManyToManyField(
        Aktor,
        through="TiltakAktor",
        verbose_name="ansvarlige aktører",
        related_name="tiltak",
    )
    kanaler = models.ManyToManyField(
        Kontaktkanal,
        through="TiltakKanal",
        verbose_name="kontaktkanaler",
        related_name="tiltak",
        blank=True,
    )
    bekymringstemaer = models.ManyToManyField(
        Bekymringstema,
        through="TiltakTema",
        verbose_name="bekymringstemaer",
        related_name="tiltak",
        blank=True,
        help_text="Temaene på «Er du bekymret?» som skal vise til dette tiltaket.",
    )
    kontakt_tekst = models.TextField(
        "annen kontaktinformasjon",
        blank=True,
        help_text="Kontaktinformasjon som ikke er et nummer, en adresse eller en "
        "lenke, for eksempel «Den enkelte videregående skole». " + NO_PERSONAL_DATA,
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.UTKAST
    )
    intern_merknad = models.TextField(
        "intern merknad",
        blank=True,
        help_text="Vises bare for ansatte. " + NO_PERSONAL_DATA,
    )
    sist_verifisert = models.DateField(
        "sist verifisert",
        null=True,
        blank=True,
        help_text="Datoen noen sist sjekket at beskrivelse og kontaktinformasjon "
        "stemmer.",
    )

    objects = TiltakQuerySet.as_manager()
    history = track_history()

    class Meta:
        # In the areas' own order (Innsatsomrade.Meta.ordering), then by title.
        ordering = ["innsatsomrade__rekkefolge", "innsatsomrade__navn", "tittel"]
        indexes = [
            # A page of the list reads it area by area in title order, and the
            # facets (area, «nytt», age) count from it without the table.
            models.Index(
                fields=["status", "innsatsomrade", "tittel", "nytt"]
                + ["alder_fra", "alder_til"],
                name="tiltak_liste",
            ),
        ]
        verbose_name = "tiltak"
        verbose_name_plural = "tiltak"
        permissions = [
            ("publish_tiltak", "Kan publisere tiltak"),
            ("archive_tiltak", "Kan arkivere tiltak"),
        ]
        constraints = age_constraints("tiltak_tiltak")

    def __str__(self) -> str:
        return self.tittel

    def get_absolute_url(self) -> str:
        return reverse("tiltak_detalj", args=[self.slug])

    def save(self, *args, **kwargs) -> None:
        previous = None
        if not self._state.adding:
            previous = (
                Tiltak._base_manager.filter(pk=self.pk)
                .values_list("slug", flat=True)
                .first()
            )
        super().save(*args, **kwargs)
        if previous and previous != self.slug:
            # A shared or bookmarked address keeps working after a rename.
            TidligereAdresse.objects.update_or_create(
                slug=previous, defaults={"tiltak": self}
            )
        TidligereAdresse.objects.filter(slug=self.slug).delete()

    def clean(self) -> None:
        super().clean()
        check_age_range(self)

    def aktorer_in_order(self) -> list[Aktor]:
        """Responsible actors in the plan's order; prefetch tiltakaktor_set__aktor."""
        return [link.aktor for link in self.tiltakaktor_set.all()]

    @cached_property
    def plan(self) -> Handlingsplan | None:
        """The newest plan the tiltak is in that has been current; None if it is
        in none. A plan adopted but not yet published is not the tiltak's yet."""
        return (
            Handlingsplan.objects.filter(status__in=BEEN_CURRENT)
            .filter(medlemmer__tiltak=self)
            .order_by("-fra_ar")
            .first()
        )

    @property
    def has_age_range(self) -> bool:
        return self.alder_fra is not None or self.alder_til is not None

    @property
    def phones(self) -> list["TiltakKanal"]:
        """The phone channels, from the prefetch of with_contacts() when there."""
        return [
            link
            for link in self.tiltakkanal_set.all()
            if link.kanal.type == Kontaktkanal.Type.TELEFON
        ]

    @property
    def age_range(self) -> str:
        return describe_age_range(self.alder_fra, self.alder_til)


class TiltakAktor(models.Model):
    tiltak = models.ForeignKey(Tiltak, on_delete=models.CASCADE)
    aktor = models.ForeignKey(Aktor, verbose_name="aktør", on_delete=models.PROTECT)
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rekkefolge", "id"]
        verbose_name = "ansvarlig aktør"
        verbose_name_plural = "ansvarlige aktører"
        constraints = [
            models.UniqueConstraint(
                fields=["tiltak", "aktor"],
                name="tiltak_tiltakaktor_unique_actor",
                violation_error_message="Aktøren er allerede oppført på tiltaket.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tiltak}: {self.aktor}"


class TiltakKanal(NoIdentityNumbers, models.Model):
    tiltak = models.ForeignKey(Tiltak, on_delete=models.CASCADE)
    kanal = models.ForeignKey(
        Kontaktkanal, verbose_name="kontaktkanal", on_delete=models.PROTECT
    )
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=0)
    merknad = models.CharField(
        "merknad for dette tiltaket",
        max_length=300,
        blank=True,
        help_text="Vises ved kanalen bare på dette tiltaket, for eksempel hva man "
        "ringer om.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["rekkefolge", "id"]
        verbose_name = "kontaktkanal på tiltaket"
        verbose_name_plural = "kontaktkanaler på tiltaket"
        constraints = [
            models.UniqueConstraint(
                fields=["tiltak", "kanal"],
                name="tiltak_tiltakkanal_unique_channel",
                violation_error_message="Kanalen er allerede vist på tiltaket.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tiltak}: {self.kanal}"


class TiltakTema(models.Model):
    """A tiltak shown under a concern on «Er du bekymret?», in the editor's order."""

    tiltak = models.ForeignKey(Tiltak, on_delete=models.CASCADE)
    tema = models.ForeignKey(
        Bekymringstema, verbose_name="bekymringstema", on_delete=models.CASCADE
    )
    rekkefolge = models.PositiveSmallIntegerField(
        "rekkefølge", default=0, help_text="Lavest vises først under temaet."
    )

    class Meta:
        ordering = ["rekkefolge", "id"]
        verbose_name = "tiltak under et bekymringstema"
        verbose_name_plural = "tiltak under bekymringstemaer"
        constraints = [
            models.UniqueConstraint(
                fields=["tiltak", "tema"],
                name="tiltak_tiltaktema_unique_theme",
                violation_error_message="Tiltaket står allerede under dette temaet.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tema}: {self.tiltak}"


class Plantiltak(Versioned):
    """A tiltak in a plan, with the texts the plan holds for it.

    These texts are the plan's own: a later edit of the tiltak does not change
    what an earlier plan adopted. Contact channels are not here: a number shown
    is always today's.
    """

    class Oppfolging(models.TextChoices):
        IKKE_STARTET = "ikke_startet", "Ikke startet"
        I_GANG = "i_gang", "I gang"
        GJENNOMFORT = "gjennomfort", "Gjennomført"
        DELVIS = "delvis_gjennomfort", "Delvis gjennomført"
        IKKE_GJENNOMFORT = "ikke_gjennomfort", "Ikke gjennomført"

    plan = models.ForeignKey(
        Handlingsplan,
        verbose_name="handlingsplan",
        on_delete=models.CASCADE,
        related_name="medlemmer",
    )
    tiltak = models.ForeignKey(
        Tiltak, verbose_name="tiltak", on_delete=models.PROTECT, related_name="planer"
    )
    innsatsomrade = models.ForeignKey(
        Innsatsomrade,
        verbose_name="innsatsområde",
        on_delete=models.PROTECT,
        related_name="plantiltak",
    )
    tittel = models.CharField("tittel", max_length=200)
    beskrivelse = models.TextField(
        "beskrivelse", help_text=Tiltak._meta.get_field("beskrivelse").help_text
    )
    ansvar_tekst = models.TextField("ansvar (fra planen)", blank=True)
    alder_fra = models.PositiveSmallIntegerField("alder fra", null=True, blank=True)
    alder_til = models.PositiveSmallIntegerField("alder til", null=True, blank=True)
    rekkefolge = models.PositiveIntegerField("rekkefølge", default=0)
    merket_nytt = models.BooleanField(
        "merket «nytt tiltak» i planteksten",
        default=False,
        editable=False,
        help_text="Planens egen merking. Brukes bare for den første planen i "
        "systemet; senere planer regner ut hva som er nytt.",
    )
    oppfolging = models.CharField(
        "oppfølging",
        max_length=20,
        choices=Oppfolging.choices,
        default=Oppfolging.IKKE_STARTET,
    )
    oppfolging_kommentar = models.TextField(
        "kommentar til oppfølgingen",
        max_length=1000,
        blank=True,
        help_text="Kort om hvordan tiltaket er fulgt opp i år. " + NO_PERSONAL_DATA,
    )
    oppfolging_endret = models.DateTimeField(
        "oppfølging sist endret", null=True, blank=True, editable=False
    )
    oppfolging_endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="oppfølging sist endret av",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = track_history()

    class Meta:
        # In the areas' own order (Innsatsomrade.Meta.ordering), then the plan's.
        ordering = [
            "plan",
            "innsatsomrade__rekkefolge",
            "innsatsomrade__navn",
            "rekkefolge",
            "tittel",
            "pk",
        ]
        verbose_name = "tiltak i planen"
        verbose_name_plural = "tiltak i planer"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "tiltak"],
                name="tiltak_plantiltak_once_per_plan",
                violation_error_message="Tiltaket er allerede med i planen.",
            ),
            *age_constraints("tiltak_plantiltak"),
        ]

    def __str__(self) -> str:
        return f"{self.tittel} ({self.plan.years})"

    def clean(self) -> None:
        super().clean()
        check_age_range(self)
        self.check_texts_open()

    def check_texts_open(self) -> None:
        """An adopted plan's texts are the plan's record: they never change.

        A new member is a draft's or the importer's first plan's; only a change to
        a member already saved in an adopted plan is refused.
        """
        if self._state.adding:
            return
        stored = (
            Plantiltak.objects.filter(pk=self.pk)
            .values("plan__status", *ADOPTED_FIELDS)
            .first()
        )
        if stored is None or stored.pop("plan__status") == Handlingsplan.Status.UTKAST:
            return
        changed = [name for name, old in stored.items() if getattr(self, name) != old]
        if changed:
            # Not by field: in an adopted plan's form the texts are read-only.
            raise ValidationError(
                "Teksten ble vedtatt med planen og kan ikke endres. Gjør endringen i "
                "neste års utkast."
            )

    @property
    def age_range(self) -> str:
        return describe_age_range(self.alder_fra, self.alder_til)


# The texts a plan adopts for a tiltak: copied into a new draft, frozen at adoption.
PLAN_TEXT_FIELDS = ("tittel", "beskrivelse", "ansvar_tekst", "alder_fra", "alder_til")
# …and the area it is under in the plan.
ADOPTED_FIELDS = (*PLAN_TEXT_FIELDS, "innsatsomrade_id")


class Oppfolgingstall(NoIdentityNumbers, models.Model):
    """A whole-number figure in a tiltak's follow-up, e.g. «antall skoler: 12»."""

    medlem = models.ForeignKey(
        Plantiltak,
        verbose_name="tiltak i planen",
        on_delete=models.CASCADE,
        related_name="tall",
    )
    etikett = models.CharField(
        "hva som er talt",
        max_length=100,
        help_text="For eksempel «antall skoler» eller «antall samlinger». Aldri tall "
        "om en enkelt person.",
    )
    antall = models.PositiveIntegerField("antall")
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rekkefolge", "id"]
        verbose_name = "tall i oppfølgingen"
        verbose_name_plural = "tall i oppfølgingen"

    def __str__(self) -> str:
        return f"{self.etikett}: {self.antall}"


class Synonym(Versioned):
    """A word people search with and what it means in the plan's language."""

    ord = models.CharField(
        "ord",
        max_length=60,
        help_text="Et ord folk søker med, for eksempel «narkotika». Ett ord, uten "
        "mellomrom. Bøyninger finnes også: «gjeng» gjelder «gjenger».",
    )
    betyr = models.CharField(
        "betyr",
        max_length=200,
        help_text="Det søket også skal lete etter, for eksempel «rus». Står det flere "
        "ord, må alle finnes i tiltaket.",
    )

    class Meta:
        ordering = ["ord", "betyr"]
        verbose_name = "synonym"
        verbose_name_plural = "synonymer"
        constraints = [
            models.UniqueConstraint(
                fields=["ord", "betyr"],
                name="tiltak_synonym_unique_meaning",
                violation_error_message="Denne betydningen er allerede lagt inn for "
                "ordet.",
            ),
            models.CheckConstraint(
                condition=~Q(ord__contains=" ") & ~Q(ord=""),
                name="tiltak_synonym_one_word",
                violation_error_message="Skriv ett ord uten mellomrom.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ord} → {self.betyr}"

    def clean(self) -> None:
        # Search compares lower-case words, so store them that way.
        self.ord = self.ord.strip().lower()
        self.betyr = " ".join(self.betyr.split()).lower()
        super().clean()
        if self.ord and self.ord == self.betyr:
            raise ValidationError({"betyr": "Et ord kan ikke bety seg selv."})


class Sokeindeks(models.Model):
    """A tiltak's text in the normalised form search matches against.

    Derived by tiltak.search whenever a tiltak, its actors or its channels change,
    so a search is a few LIKE conditions on one joined row instead of joins over
    actors and channels.

    The kilde_* columns keep the same text unstemmed. On PostgreSQL migration 0007
    adds `sokevektor`, a stored tsvector generated from them with the `norwegian`
    configuration (title weight A, actors B, other text C) under a GIN index. The
    model leaves it out: SQLite has no such type, and the database keeps it current.
    """

    tiltak = models.OneToOneField(
        Tiltak,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sokeindeks",
    )
    tittel = models.TextField("tittel", editable=False)
    aktorer = models.TextField("aktører og kontaktkanaler", editable=False)
    tekst = models.TextField("beskrivelse og annen tekst", editable=False)
    kilde_tittel = models.TextField("tittel som skrevet", editable=False)
    kilde_aktorer = models.TextField(
        "aktører og kontaktkanaler som skrevet", editable=False
    )
    kilde_tekst = models.TextField(
        "beskrivelse og annen tekst som skrevet", editable=False
    )

    class Meta:
        ordering = ["tiltak"]
        verbose_name = "søkeindeks"
        verbose_name_plural = "søkeindekser"

    def __str__(self) -> str:
        return str(self.tiltak_id)


class Sokeord(models.Model):
    """A word that occurs in the tiltak: what «Mente du …?» may suggest."""

    ord = models.CharField("ord", max_length=60, unique=True, editable=False)

    class Meta:
        ordering = ["ord"]
        verbose_name = "ord i søket"
        verbose_name_plural = "ord i søket"

    def __str__(self) -> str:
        return self.ord


class TidligereAdresse(Versioned):
    """An address a tiltak had before it was renamed; it redirects to the new one."""

    slug = models.SlugField("tidligere adresse", max_length=80, unique=True)
    tiltak = models.ForeignKey(
        Tiltak, on_delete=models.CASCADE, related_name="tidligere_adresser"
    )
    opprettet = models.DateTimeField("endret", auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "tidligere adresse"
        verbose_name_plural = "tidligere adresser"

    def __str__(self) -> str:
        return f"/tiltak/{self.slug}/ → {self.tiltak}"


class Dataversjon(models.Model):
    """One row that counts every change to what the public pages show.

    tiltak.signals bumps it (tiltak.caching.bump) whenever a tiltak, an actor, a
    channel or anything else of tiltak and kontakter is saved or deleted. Pages
    derive their ETag and Last-Modified from it, and cached pages are filed under
    it, so an edit makes every copy made before it unreachable at once, in every
    server process.
    """

    teller = models.PositiveBigIntegerField("antall endringer", default=0)
    endret = models.DateTimeField("sist endret", default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = "dataversjon"
        verbose_name_plural = "dataversjon"

    def __str__(self) -> str:
        return f"Endring {self.teller}, {self.endret:%d.%m.%Y %H:%M}"
