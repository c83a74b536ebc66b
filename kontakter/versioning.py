"""The base classes of every record an editor changes: timestamps that hold for
loaded fixtures too, a version number that lets the admin refuse a stale edit
(kontakter.admin.EditConflictAdmin), field-by-field history, and free text that
refuses a child's identity number (kontakter.personvern)."""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kontakter import personvern


def unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Timestamped(models.Model):
    """Created and updated times that also hold for rows loaded from a fixture.

    auto_now fields stay empty in loaddata's raw saves, so defaults fill them there
    and save() keeps «oppdatert» current for every ordinary save.
    """

    opprettet = models.DateTimeField("opprettet", default=timezone.now, editable=False)
    oppdatert = models.DateTimeField("oppdatert", default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        # A browser sends a textarea's line breaks as \r\n: stored text has \n
        # only, whoever writes it, so an unchanged text never reads as a change.
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(field, models.TextField) and isinstance(value, str):
                setattr(self, field.attname, unix_newlines(value))
        self.oppdatert = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "oppdatert"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # No free-text field holds a fødselsnummer or D-nummer (kontakter.personvern).
        personvern.clean_fields(self, exclude, super().clean_fields)


class Versioned(Timestamped):
    """A version number that every save raises, so a stale edit can be refused.

    The admin compares the version a form was opened with against the stored one
    (kontakter.admin.EditConflictAdmin) before it saves.
    """

    versjon = models.PositiveIntegerField("versjon", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values_list("versjon", flat=True)
                .first()
            )
            self.versjon = (stored or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "versjon"}
        super().save(*args, **kwargs)

    def bump_version(self) -> None:
        """A new version without a save: its inline rows (links without a version
        of their own) changed, so a form opened before counts as stale."""
        now = timezone.now()
        type(self)._base_manager.filter(pk=self.pk).update(
            versjon=models.F("versjon") + 1, oppdatert=now
        )
        self.versjon += 1
        self.oppdatert = now


def track_history(*, exclude: tuple[str, ...] = (), **options) -> HistoricalRecords:
    """Field-by-field history, without the bookkeeping fields every save changes."""
    return HistoricalRecords(
        excluded_fields=["versjon", "oppdatert", *exclude], **options
    )
