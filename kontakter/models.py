from dataclasses import replace
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from kontakter import betjening, normalize
from kontakter.personvern import NO_PERSONAL_DATA, NoIdentityNumbers
from kontakter.versioning import Versioned, track_history


class ImportKey(models.Model):
    """The key the importer finds a record by, whatever an editor has changed."""

    kilde_nokkel = models.CharField(
        "kildenøkkel",
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Settes av importen, slik at en ny import kjenner igjen posten "
        "også etter at den er redigert.",
    )

    class Meta:
        abstract = True


# The counties' numbers since 1 January 2024: a kommunenummer starts with one.
FYLKESNUMRE = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}


def validate_kommunenummer(value: str) -> None:
    if not (len(value) == 4 and value.isascii() and value.isdigit()):
        raise ValidationError("Kommunenummeret har fire sifre, for eksempel 3205.")
    if value[:2] not in FYLKESNUMRE:
        raise ValidationError(
            f"Kommunenummeret må begynne med et fylkesnummer; {value[:2]} er ikke "
            "et fylke."
        )


class KommuneQuerySet(models.QuerySet):
    def installation(self) -> "Kommune | None":
        """The kommune whose plans the public pages show: the installation holds
        one. (With several, a request would name its kommune instead.)"""
        return self.order_by("pk").first()

    def installation_pk(self) -> models.Subquery:
        """installation()'s key as a subquery, for filtering in one query."""
        return models.Subquery(self.order_by("pk").values("pk")[:1])


class Kommune(Versioned):
    """A municipality; every handlingsplan belongs to one."""

    navn = models.CharField(
        "navn", max_length=100, unique=True, help_text="For eksempel «Lillestrøm»."
    )
    nummer = models.CharField(
        "kommunenummer",
        max_length=4,
        unique=True,
        validators=[validate_kommunenummer],
        help_text="Fire sifre fra SSB, for eksempel 3205 for Lillestrøm.",
    )
    slug = models.SlugField("nettadresse", max_length=80, unique=True)

    objects = KommuneQuerySet.as_manager()
    history = track_history()

    class Meta:
        ordering = ["navn"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.navn


class Aktor(Versioned):
    """A responsible organisation or unit (the plan's «Ansvar»)."""

    class Type(models.TextChoices):
        KOMMUNAL = "kommunal", "Kommunal"
        FYLKESKOMMUNAL = "fylkeskommunal", "Fylkeskommunal"
        STATLIG = "statlig", "Statlig"
        IDEELL = "ideell", "Ideell/frivillig"
        ANNET = "annet", "Annet"

    navn = models.CharField(
        "navn",
        max_length=200,
        unique=True,
        help_text="Det fulle navnet på enheten, for eksempel «Oppsøkende ungdomsteam "
        "(OUT)».",
    )
    kortnavn = models.CharField(
        "kortnavn",
        max_length=60,
        blank=True,
        help_text="Forkortelsen fagfolk bruker, for eksempel «OUT» eller «PHFS-U».",
    )
    slug = models.SlugField("nettadresse", max_length=80, unique=True)
    type = models.CharField(
        "type", max_length=20, choices=Type.choices, default=Type.KOMMUNAL
    )
    aliaser = models.TextField(
        "andre navn",
        blank=True,
        help_text="Andre måter planen og fagfolk skriver navnet på, ett per linje. "
        "Brukes av importen og søket.",
    )

    history = track_history()

    class Meta:
        ordering = ["navn"]
        verbose_name = "aktør"
        verbose_name_plural = "aktører"

    def __str__(self) -> str:
        return self.navn

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliaser.splitlines() if line.strip()]


LINK_CHECK_FIELDS = ("lenke_status", "lenke_sjekket", "lenke_melding")


class KontaktkanalQuerySet(models.QuerySet):
    def on_bekymret(self) -> "KontaktkanalQuerySet":
        """The phone lines «Er du bekymret?» shows: on a card or under a concern."""
        shown = Q(pk__in=Kortkanal.objects.values("kanal")) | Q(
            pk__in=Temakanal.objects.values("kanal")
        )
        return self.filter(shown, type=Kontaktkanal.Type.TELEFON).select_related(
            "aktor"
        )

    def open_now(self) -> list["Kontaktkanal"]:
        """Those staffed at this moment: always open first, then by closing time."""
        known = self.filter(Q(dognapen=True) | Q(timeplan__isnull=False))
        staffed = [kanal for kanal in known if kanal.betjent_na.open is not False]
        return sorted(
            staffed,
            key=lambda kanal: (
                not kanal.dognapen,
                kanal.betjent_na.until or timezone.now(),
                kanal.display_name,
            ),
        )


class Kontaktkanal(Versioned, ImportKey):
    """One way to reach an actor: a phone number, an e-mail address, a web page …

    A channel belongs to one actor and may be shown on many tiltak, so an edit here
    reaches every tiltak page that shows it.
    """

    class Type(models.TextChoices):
        TELEFON = "telefon", "Telefon"
        EPOST = "epost", "E-post"
        NETT = "nett", "Nettside"
        SOSIALE_MEDIER = "sosiale_medier", "Sosiale medier"
        ANNET = "annet", "Annet"

    class Lenkestatus(models.TextChoices):
        OK = "ok", "Virker"
        FEIL = "feil", "Feil"
        IKKE_SJEKKET = "ikke_sjekket", "Ikke sjekket"

    aktor = models.ForeignKey(
        Aktor,
        verbose_name="aktør",
        on_delete=models.CASCADE,
        related_name="kanaler",
    )
    type = models.CharField("type", max_length=20, choices=Type.choices)
    verdi = models.CharField(
        "verdi",
        max_length=500,
        blank=True,
        help_text="Telefonnummer, e-postadresse, nettadresse eller brukernavn. "
        "Telefonnumre lagres som +47…, e-post med små bokstaver. Tom for en nettside "
        "planen bare nevner ved navn: da må adressen fylles inn.",
    )
    etikett = models.CharField(
        "etikett",
        max_length=200,
        blank=True,
        help_text="Hva kanalen er, slik innbyggere og fagfolk kjenner den: "
        "«Vakttelefon (OUT)», «Drøftingstelefonen», navnet på en kontaktperson i "
        "tjenesten eller tjenesten på sosiale medier. " + NO_PERSONAL_DATA,
    )
    apningstid = models.CharField(
        "betjent (tekst)",
        max_length=200,
        blank=True,
        help_text="Når telefonen er betjent, med ord, for eksempel «mandag–torsdag "
        "12.00–14.30» eller «hverdager 08:00–15:00». Om linjen er åpen nå, regnes "
        "ut fra betjeningstidene under, ikke fra denne teksten.",
    )
    dognapen = models.BooleanField(
        "døgnåpen",
        default=False,
        help_text="Betjent hele døgnet, hver dag, også på helligdager: for eksempel "
        "nødnumre og nasjonale hjelpetelefoner. Da trengs ingen betjeningstider.",
    )
    stengt_helligdager = models.BooleanField(
        "stengt på helligdager",
        default=True,
        help_text="En betjeningstid som begynner på en norsk helligdag (1. og 2. "
        "juledag, påske, 17. mai …), gjelder ikke den dagen.",
    )
    nar_stengt = models.CharField(
        "når linjen er stengt",
        max_length=300,
        blank=True,
        help_text="Vises når linjen er stengt: hvor man kan henvende seg i "
        "mellomtiden, for eksempel «Haster det? Ring politiet på 02800, eller 112 "
        "ved fare.» Telefonnumre blir lenker. " + NO_PERSONAL_DATA,
    )
    # The rows of Betjeningstid and Betjeningsavvik as one value
    # (kontakter.betjening), written whenever they change: a page says whether
    # the line is open without another query, and the history shows the hours
    # as a sentence (kontakter.admin.HistoryDiff).
    # Editable only so the history compares it: no form shows it.
    timeplan = models.JSONField("betjening", null=True, blank=True)
    # Written by `manage.py check_links`, never by an editor: kept out of the
    # history and the seed fixture like other bookkeeping.
    lenke_status = models.CharField(
        "lenkestatus",
        max_length=20,
        choices=Lenkestatus.choices,
        default=Lenkestatus.IKKE_SJEKKET,
        editable=False,
    )
    lenke_sjekket = models.DateTimeField(
        "lenke sist forsøkt sjekket", null=True, blank=True, editable=False
    )
    lenke_melding = models.CharField(
        "svar fra lenkesjekken", max_length=300, blank=True, editable=False
    )

    objects = KontaktkanalQuerySet.as_manager()
    history = track_history(exclude=LINK_CHECK_FIELDS)

    class Meta:
        ordering = ["aktor__navn", "type", "etikett", "verdi"]
        verbose_name = "kontaktkanal"
        verbose_name_plural = "kontaktkanaler"
        constraints = [
            models.UniqueConstraint(
                fields=["aktor", "type", "verdi"],
                condition=~Q(verdi=""),
                name="kontakter_kontaktkanal_unique_value_per_actor",
                violation_error_message="Aktøren har allerede en kanal med denne "
                "verdien.",
            ),
            models.CheckConstraint(
                condition=~Q(verdi="") | ~Q(etikett=""),
                name="kontakter_kontaktkanal_value_or_label",
                violation_error_message="Fyll inn en verdi eller en etikett.",
            ),
            models.CheckConstraint(
                condition=~Q(verdi="") | ~Q(type__in=["telefon", "epost"]),
                name="kontakter_kontaktkanal_phone_email_have_value",
                violation_error_message="Telefon og e-post må ha en verdi.",
            ),
        ]

    def __str__(self) -> str:
        shown = self.display_value()
        if self.etikett and shown:
            return f"{self.etikett}: {shown}"
        return self.etikett or shown

    def save(self, *args, **kwargs) -> None:
        # «Stengt på helligdager» is part of the compiled hours; the rows' own
        # signals keep the rest of them (tiltak/signals.py hours_changed).
        if self.timeplan:
            plan = betjening.Timeplan.from_json(self.timeplan)
            self.timeplan = replace(
                plan, closed_on_holidays=self.stengt_helligdager
            ).to_json()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "timeplan"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        national = self.aktor_id is not None and self.aktor.type == Aktor.Type.STATLIG
        normalizers = {
            self.Type.TELEFON: partial(normalize.normalize_phone, allow_short=national),
            self.Type.EPOST: normalize.normalize_email,
            self.Type.NETT: normalize.normalize_url,
        }
        normalizer = normalizers.get(self.type)
        if normalizer:
            normalize.clean_field(self, "verdi", normalizer)

    @cached_property
    def betjent_na(self) -> betjening.Status | None:
        """Whether the line is staffed now; None without structured hours."""
        return betjening.status(self.timeplan, self.dognapen, timezone.now())

    @cached_property
    def betjent_na_tekst(self) -> str:
        """«Åpen nå · til 15:00», «Stengt nå · åpner mandag kl. 08:00», «Døgnåpen»."""
        state = self.betjent_na
        return state.text(timezone.now()) if state else ""

    @property
    def stengt_na(self) -> bool:
        state = self.betjent_na
        return state is not None and state.open is False

    def describe_hours(self) -> str:
        """The rules as a sentence: «Betjent hverdager 08:00–15:00, stengt på
        helligdager»."""
        return betjening.describe(self.timeplan, self.dognapen)

    @property
    def hours_unstructured(self) -> bool:
        """Hours in words that no rule says: whether it is open cannot be told."""
        return bool(self.apningstid) and not (self.dognapen or self.timeplan)

    def compiled_timeplan(self) -> dict | None:
        """The stored rows as the value `timeplan` holds (None without any)."""
        regler = tuple(rule.as_rule() for rule in self.betjeningstider.all())
        avvik = tuple(exception.as_exception() for exception in self.avvik.all())
        if not regler and not avvik:
            return None
        plan = betjening.Timeplan(regler, avvik, self.stengt_helligdager)
        return plan.to_json()

    def refresh_timeplan(self) -> None:
        """Write `timeplan` from the rows, without a new version (the rows'
        own save is the change)."""
        self.timeplan = self.compiled_timeplan()
        type(self)._base_manager.filter(pk=self.pk).update(timeplan=self.timeplan)

    def structure_hours(self) -> bool:
        """Rules from the hours in words (`apningstid`), when there are none yet
        and the words are only hours. Whether the hours are now structured."""
        if self.dognapen or self.betjeningstider.exists():
            return True
        found = betjening.parse(self.apningstid) if self.apningstid else None
        if found is None:
            return False
        if found == "døgnåpen":
            self.dognapen = True
            self.save(update_fields=["dognapen"])
            return True
        for rule in found:
            Betjeningstid.objects.create(kanal=self, **Betjeningstid.fields_of(rule))
        self.refresh_timeplan()
        return True

    @property
    def lacks_link(self) -> bool:
        """A web page the plan names without an address: for the editor to complete."""
        return self.type == self.Type.NETT and not self.verdi

    @property
    def display_name(self) -> str:
        """What the channel is called where no actor heading stands above it (a
        card, a list of numbers): its label, or else its actor's short name or,
        without one, its name."""
        return self.etikett or self.aktor.kortnavn or self.aktor.navn

    def display_value(self) -> str:
        if self.type == self.Type.TELEFON and self.verdi:
            return normalize.format_phone(self.verdi)
        if self.type == self.Type.NETT and self.verdi:
            return normalize.short_url(self.verdi)
        return self.verdi

    def href(self) -> str:
        if not self.verdi:
            return ""
        if self.type == self.Type.TELEFON:
            return normalize.tel_uri(self.verdi)
        if self.type == self.Type.EPOST:
            return f"mailto:{self.verdi}"
        if self.type == self.Type.NETT:
            return self.verdi
        return ""


def day_choices() -> list[tuple[str, str]]:
    return [
        (code, name.capitalize())
        for code, name in zip(betjening.DAYS, betjening.DAY_NAMES, strict=True)
    ]


def validate_days(value: str) -> None:
    codes = [code for code in value.split(",") if code]
    if not codes or any(code not in betjening.DAYS for code in codes):
        raise ValidationError(
            "Dagene skrives som MO,TU,WE,TH,FR,SA,SU (HSDS), for eksempel «MO,TU»."
        )


class Betjeningstid(NoIdentityNumbers, models.Model):
    """A weekly rule of when a channel is staffed (HSDS `schedule`, WEEKLY)."""

    kanal = models.ForeignKey(
        Kontaktkanal,
        verbose_name="kontaktkanal",
        on_delete=models.CASCADE,
        related_name="betjeningstider",
    )
    dager = models.CharField(
        "dager",
        max_length=27,
        validators=[validate_days],
        help_text="Dagene linjen åpner. En tid over midnatt hører til dagen den "
        "begynner: 18:00–04:00 natt til lørdag er fredag.",
    )
    apner = models.TimeField("åpner")
    stenger = models.TimeField("stenger")
    over_midnatt = models.BooleanField(
        "over midnatt",
        default=False,
        help_text="Stenger neste dag, for eksempel 18:00–04:00.",
    )

    class Meta:
        ordering = ["kanal", "apner", "id"]
        verbose_name = "betjeningstid"
        verbose_name_plural = "betjeningstider"
        constraints = [
            models.CheckConstraint(
                condition=Q(over_midnatt=False, stenger__gt=models.F("apner"))
                | Q(over_midnatt=True, stenger__lte=models.F("apner")),
                name="kontakter_betjeningstid_closes_after_opening",
                violation_error_message="Stenger før den åpner: kryss av for «over "
                "midnatt» hvis linjen stenger neste dag.",
            )
        ]

    def __str__(self) -> str:
        return betjening.rule_words(self.as_rule())

    @property
    def day_numbers(self) -> frozenset[int]:
        return frozenset(
            betjening.DAYS.index(code)
            for code in self.dager.split(",")
            if code in betjening.DAYS
        )

    def as_rule(self) -> betjening.Regel:
        return betjening.Regel(self.day_numbers, self.apner, self.stenger)

    @staticmethod
    def fields_of(rule: betjening.Regel) -> dict:
        return {
            "dager": ",".join(betjening.DAYS[day] for day in sorted(rule.days)),
            "apner": rule.opens,
            "stenger": rule.closes,
            "over_midnatt": rule.overnight,
        }

    def clean(self) -> None:
        super().clean()
        if self.apner is None or self.stenger is None:
            return
        if self.stenger == self.apner and not self.over_midnatt:
            raise ValidationError(
                "Linjen åpner og stenger på samme klokkeslett. Er den betjent hele "
                "døgnet, kryss av for «over midnatt» (eller «døgnåpen» på kanalen)."
            )
        if self.stenger < self.apner and not self.over_midnatt:
            raise ValidationError(
                {
                    "stenger": f"Stenger kl. {betjening.hhmm(self.stenger)}, før den "
                    f"åpner kl. {betjening.hhmm(self.apner)}. Er linjen betjent over "
                    "midnatt, kryss av for «over midnatt»: da stenger den neste dag, "
                    "og tiden hører til dagen den åpner (18:00–04:00 natt til lørdag "
                    "er fredag)."
                }
            )
        if self.stenger > self.apner and self.over_midnatt:
            raise ValidationError(
                {
                    "over_midnatt": "«Over midnatt» er bare for en tid som stenger "
                    "neste dag, der stengetiden er før åpningstiden (for eksempel "
                    "18:00–04:00)."
                }
            )


class Betjeningsavvik(NoIdentityNumbers, models.Model):
    """Dates when a channel keeps other hours than its weekly rules: closed, or
    special hours (Christmas, the summer)."""

    kanal = models.ForeignKey(
        Kontaktkanal,
        verbose_name="kontaktkanal",
        on_delete=models.CASCADE,
        related_name="avvik",
    )
    fra_dato = models.DateField("fra og med")
    til_dato = models.DateField(
        "til og med", null=True, blank=True, help_text="Tom for én dag."
    )
    apner = models.TimeField(
        "åpner", null=True, blank=True, help_text="Tom når linjen er stengt."
    )
    stenger = models.TimeField("stenger", null=True, blank=True)
    merknad = models.CharField(
        "hva", max_length=100, blank=True, help_text="For eksempel «Julaften»."
    )

    class Meta:
        ordering = ["kanal", "fra_dato"]
        verbose_name = "avvikende dag"
        verbose_name_plural = "avvikende dager (stengt eller andre tider)"
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True)
                | Q(til_dato__gte=models.F("fra_dato")),
                name="kontakter_betjeningsavvik_dates_in_order",
                violation_error_message="«Til og med» kan ikke være før «fra og med».",
            ),
            models.CheckConstraint(
                condition=Q(apner__isnull=True, stenger__isnull=True)
                | Q(stenger__gt=models.F("apner")),
                name="kontakter_betjeningsavvik_hours_in_order",
                violation_error_message="Fyll inn både når linjen åpner og når den "
                "stenger (stenger etter åpner), eller ingen av dem for stengt.",
            ),
        ]

    def __str__(self) -> str:
        return betjening.exception_words(self.as_exception())

    @property
    def last_day(self):
        return self.til_dato or self.fra_dato

    def as_exception(self) -> betjening.Avvik:
        return betjening.Avvik(
            self.fra_dato, self.last_day, self.apner, self.stenger, self.merknad
        )

    def clean(self) -> None:
        super().clean()
        if self.fra_dato and self.til_dato and self.til_dato < self.fra_dato:
            raise ValidationError(
                {"til_dato": "«Til og med» kan ikke være før «fra og med»."}
            )
        if (self.apner is None) != (self.stenger is None):
            raise ValidationError(
                "Fyll inn både når linjen åpner og når den stenger, eller ingen av "
                "dem når den er stengt hele dagen."
            )
        if self.apner and self.stenger and self.stenger <= self.apner:
            raise ValidationError(
                {"stenger": "På en avvikende dag må linjen stenge etter at den åpner."}
            )


# «Er du bekymret?»: the page for a worried parent, young person or professional.
# Its content is data so the SLT-koordinator can keep it current in the admin.


class PhoneShown:
    """A record with one phone number, in `phone_field`: shown as the plan writes
    numbers («477 92 507») and dialled from a tel: link."""

    phone_field: str

    def display_value(self) -> str:
        number = getattr(self, self.phone_field)
        return normalize.format_phone(number) if number else ""

    def href(self) -> str:
        number = getattr(self, self.phone_field)
        return normalize.tel_uri(number) if number else ""


class Nodnummer(PhoneShown, Versioned):
    """A national emergency or help number, shown first on «Er du bekymret?»."""

    nummer = models.CharField(
        "nummer",
        max_length=20,
        unique=True,
        help_text="For eksempel 112, 02800 eller 116 111. Lagres uten mellomrom.",
    )
    navn = models.CharField(
        "navn", max_length=100, help_text="Hvem som svarer, for eksempel «Politi»."
    )
    nar = models.CharField(
        "når man ringer",
        max_length=200,
        help_text="Kort og konkret, for eksempel «Når noen er i fare nå».",
    )
    dognapen = models.BooleanField(
        "døgnåpen",
        default=False,
        help_text="Betjent hele døgnet, hver dag. Vises som «Døgnåpen» og under "
        "«Åpent nå».",
    )
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=0)

    class Meta:
        ordering = ["rekkefolge", "nummer"]
        verbose_name = "nødnummer"
        verbose_name_plural = "nødnumre og hjelpetelefoner"

    phone_field = "nummer"

    def __str__(self) -> str:
        return f"{self.display_value()} {self.navn}"

    def clean(self) -> None:
        super().clean()
        normalize.clean_field(self, "nummer", normalize.normalize_phone)


class Kontaktkort(Versioned):
    """A role to contact when worried: the SLT-koordinator, the politikontakt.

    The card holds no number of its own: it shows contact channels, so a number
    changed on its channel changes here and on every tiltak at once. Only a
    person's work contact details, and only as the source publishes them.
    """

    rolle = models.CharField(
        "rolle",
        max_length=100,
        unique=True,
        help_text="For eksempel «SLT-koordinator».",
    )
    navn = models.CharField(
        "navn",
        max_length=100,
        blank=True,
        help_text="Navnet på den som har rollen, slik kommunen selv publiserer det. "
        "Tomt når kilden ikke oppgir et navn.",
    )
    aktor = models.ForeignKey(
        Aktor,
        verbose_name="aktør",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kontaktkort",
        help_text="Aktøren rollen hører til, for eksempel «SLT-koordinator» eller "
        "«Politikontakt». Kortets kanaler kan også høre til andre aktører.",
    )
    beskrivelse = models.TextField(
        "beskrivelse",
        blank=True,
        help_text="Vises på nettsiden: hva man kan ta kontakt om. Telefonnumre i "
        "teksten blir lenker. " + NO_PERSONAL_DATA,
    )
    kanaler = models.ManyToManyField(
        Kontaktkanal,
        through="Kortkanal",
        verbose_name="kontaktkanaler",
        related_name="kontaktkort",
        blank=True,
        help_text="Numrene og adressene kortet viser. Et nummer endres på "
        "kontaktkanalen, og da endres det her og på alle tiltak som viser kanalen.",
    )
    kilde = models.CharField(
        "kilde",
        max_length=300,
        help_text="Intern, vises ikke på nettsiden: hvor opplysningene kommer fra, "
        "så de kan sjekkes ved neste revisjon.",
    )
    intern_merknad = models.TextField(
        "intern merknad",
        blank=True,
        help_text="For redaktørene, vises aldri på nettsiden: for eksempel hva "
        "kilden ikke oppgir. " + NO_PERSONAL_DATA,
    )
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=0)

    class Meta:
        ordering = ["rekkefolge", "rolle"]
        verbose_name = "kontaktkort"
        verbose_name_plural = "kontaktkort"

    def __str__(self) -> str:
        return f"{self.rolle}: {self.navn}" if self.navn else self.rolle

    def channels(self) -> list[Kontaktkanal]:
        """The channels in the editor's order (from a prefetch of kortkanal_set
        with its kanal__aktor when there)."""
        return [link.kanal for link in self.kortkanal_set.all()]


class Kortkanal(models.Model):
    """A contact channel shown on a card of «Er du bekymret?», in order."""

    kort = models.ForeignKey(
        Kontaktkort, verbose_name="kontaktkort", on_delete=models.CASCADE
    )
    kanal = models.ForeignKey(
        Kontaktkanal, verbose_name="kontaktkanal", on_delete=models.PROTECT
    )
    rekkefolge = models.PositiveSmallIntegerField(
        "rekkefølge", default=0, help_text="Lavest vises først på kortet."
    )

    class Meta:
        ordering = ["rekkefolge", "id"]
        verbose_name = "kontaktkanal på kortet"
        verbose_name_plural = "kontaktkanaler på kortet"
        constraints = [
            models.UniqueConstraint(
                fields=["kort", "kanal"],
                name="kontakter_kortkanal_unique_channel",
                violation_error_message="Kanalen er allerede vist på kortet.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kort}: {self.kanal}"


class Bekymringstema(Versioned):
    """A route by concern on «Er du bekymret?»: rus, vold og overgrep, nett …

    Each concern has its own page, with one path for parents and young people and
    one for those who work with them: advice, and the channels to call first.
    The tiltak a route points to are chosen on the tiltak (tiltak depends on
    kontakter, never the reverse).
    """

    tittel = models.CharField(
        "tittel", max_length=100, unique=True, help_text="For eksempel «Rus»."
    )
    slug = models.SlugField("nettadresse", max_length=80, unique=True)
    sporsmal = models.CharField(
        "spørsmål",
        max_length=200,
        help_text="Slik den bekymrede selv ville spurt, for eksempel «Er du bekymret "
        "for at noen bruker rus?».",
    )
    rad_foreldre = models.TextField(
        "råd til foreldre og unge",
        blank=True,
        help_text="Vises under «For foreldre og unge»: kort og konkret, hva man kan "
        "gjøre og hvem man ringer først. Avsnitt skilles med en tom linje; "
        "telefonnumre blir lenker. " + NO_PERSONAL_DATA,
    )
    rad_fagfolk = models.TextField(
        "råd til fagfolk",
        blank=True,
        help_text="Vises under «For deg som jobber med barn og unge»: hvem man "
        "drøfter med, og når man melder fra. Avsnitt skilles med en tom linje; "
        "telefonnumre blir lenker. " + NO_PERSONAL_DATA,
    )
    nar_stengt = models.CharField(
        "når en linje er stengt",
        max_length=300,
        blank=True,
        help_text="Vises ved en linje under temaet som er stengt og ikke har sin "
        "egen tekst for det, for eksempel «Alarmtelefonen for barn og unge, 116 "
        "111, er døgnåpen.» Telefonnumre blir lenker. " + NO_PERSONAL_DATA,
    )
    kanaler = models.ManyToManyField(
        Kontaktkanal,
        through="Temakanal",
        verbose_name="ring først",
        related_name="bekymringstemaer",
        blank=True,
    )
    rekkefolge = models.PositiveSmallIntegerField("rekkefølge", default=0)

    class Meta:
        ordering = ["rekkefolge", "tittel"]
        verbose_name = "bekymringstema"
        verbose_name_plural = "bekymringstemaer"

    def __str__(self) -> str:
        return self.tittel

    def get_absolute_url(self) -> str:
        return reverse("bekymret_tema", args=[self.slug])

    def advice(self, malgruppe: str) -> str:
        """The advice for one audience (a Temakanal.Malgruppe)."""
        return getattr(self, f"rad_{malgruppe}")

    def first_calls(self, malgruppe: str) -> list["Temakanal"]:
        """Whom this audience calls first, in order (from a prefetch of
        temakanal_set with its kanal__aktor when there)."""
        return [
            link for link in self.temakanal_set.all() if link.malgruppe == malgruppe
        ]


class Temakanal(NoIdentityNumbers, models.Model):
    """A channel to call first about a concern, for one of its two audiences."""

    class Malgruppe(models.TextChoices):
        FORELDRE = "foreldre", "Foreldre og unge"
        FAGFOLK = "fagfolk", "Fagfolk"

    tema = models.ForeignKey(
        Bekymringstema, verbose_name="bekymringstema", on_delete=models.CASCADE
    )
    kanal = models.ForeignKey(
        Kontaktkanal, verbose_name="kontaktkanal", on_delete=models.PROTECT
    )
    malgruppe = models.CharField("for hvem", max_length=20, choices=Malgruppe.choices)
    merknad = models.CharField(
        "merknad for dette temaet",
        max_length=300,
        blank=True,
        help_text="Vises ved kanalen på temaets side, for eksempel hva man ringer "
        "om. " + NO_PERSONAL_DATA,
    )
    rekkefolge = models.PositiveSmallIntegerField(
        "rekkefølge", default=0, help_text="Lavest vises først."
    )

    class Meta:
        ordering = ["rekkefolge", "id"]
        verbose_name = "kanal å ringe først"
        verbose_name_plural = "kanaler å ringe først"
        constraints = [
            models.UniqueConstraint(
                fields=["tema", "kanal", "malgruppe"],
                name="kontakter_temakanal_unique_channel",
                violation_error_message="Kanalen står allerede under temaet for "
                "denne målgruppen.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tema} ({self.get_malgruppe_display().lower()}): {self.kanal}"
