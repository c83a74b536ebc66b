"""What a save triggers, in one place: every receiver of the project, connected
when tiltak's AppConfig.ready() imports this module.

- The search index (tiltak.search.changed): a tiltak, one of its links, or an
  actor or a channel it shows, is saved or deleted.
- The change counter behind ETags and the page cache (tiltak.caching.bump): any
  content of tiltak or kontakter is saved or deleted.
- A channel's compiled hours (Kontaktkanal.refresh_timeplan): one of its weekly
  rules or date exceptions is saved or deleted.
- A login's time, for the session's maximum age (tiltak.intern.login).
- WAL mode for an SQLite database after `migrate` (tiltak.database.use_wal).

Bulk writes send no signals for what they bulk_create, and would send far too
many for what they save: they go through `bulk_write()`, which does all of it
once.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from kontakter.models import Aktor, Betjeningsavvik, Betjeningstid, Kontaktkanal
from tiltak import caching, database, search
from tiltak.intern import login
from tiltak.models import (
    Dataversjon,
    Sokeindeks,
    Sokeord,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
)

# Derived from other rows; a change to them is not a change of content.
NOT_CONTENT = (Dataversjon, Sokeindeks, Sokeord)


# What bulk_write() indexes: the tiltak whose saves sent signals, every tiltak,
# or every tiltak with the vocabulary of «Mente du …?» built afresh.
CHANGED, ALL, AFRESH = "changed", "all", "afresh"


@contextmanager
def bulk_write(
    *, reindex: str = CHANGED, using: str = DEFAULT_DB_ALIAS
) -> Iterator[None]:
    """Write many rows at once: the fixture loader, a restore, the importer, demo data.

    One transaction, so the rows, their search index and the change count are
    written together or not at all. Every tiltak a signal names inside it is
    indexed once, when the block ends; writers that bulk_create (no signals)
    ask for ALL or AFRESH instead. Then ANALYZE, so the query planner knows the
    tables' new sizes, and one count of the change.
    """
    with transaction.atomic(using=using):
        with search.deferred() as pending, _counted_once():
            yield
            if reindex != CHANGED:
                pending.clear()  # indexed below, with everything else
        # Before a full index build: without statistics PostgreSQL would nest
        # loops over the rows this transaction wrote.
        database.update_statistics()
        if reindex == ALL:
            search.reindex()
        elif reindex == AFRESH:
            search.rebuild_vocabulary()
        caching.bump()


_bulk = threading.local()


@contextmanager
def _counted_once() -> Iterator[None]:
    """Inside bulk_write() no save counts a change: the block counts one."""
    outer = getattr(_bulk, "writing", False)
    _bulk.writing = True
    try:
        yield
    finally:
        _bulk.writing = outer


# --- The search index ---------------------------------------------------------------
# Raw saves are indexed too: the seed fixture loads tiltak before their actors and
# channels, so each link row must bring its tiltak's index up to date. loaddata
# (tiltak's own, tiltak/management/commands/loaddata.py) runs in bulk_write(), so
# each loaded tiltak is indexed once, at the end.


@receiver(post_save, sender=Tiltak)
def tiltak_saved(sender, instance: Tiltak, **kwargs) -> None:
    search.changed([instance.pk])


@receiver(post_save, sender=TiltakAktor)
@receiver(post_delete, sender=TiltakAktor)
@receiver(post_save, sender=TiltakKanal)
@receiver(post_delete, sender=TiltakKanal)
def link_changed(sender, instance: TiltakAktor | TiltakKanal, **kwargs) -> None:
    search.changed([instance.tiltak_id])


@receiver(m2m_changed, sender=TiltakAktor)
@receiver(m2m_changed, sender=TiltakKanal)
def links_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    # tiltak.aktorer.add(…) and aktor.tiltak.add(…) bypass the link's post_save.
    if not action.startswith("post_"):
        return
    if isinstance(instance, Tiltak):
        search.changed([instance.pk])
    elif pk_set:
        search.changed(pk_set)


@receiver(post_save, sender=Aktor)
def aktor_saved(sender, instance: Aktor, **kwargs) -> None:
    links = TiltakAktor.objects.filter(aktor=instance)
    search.changed(links.values_list("tiltak_id", flat=True))


@receiver(post_save, sender=Kontaktkanal)
def kanal_saved(sender, instance: Kontaktkanal, **kwargs) -> None:
    links = TiltakKanal.objects.filter(kanal=instance)
    search.changed(links.values_list("tiltak_id", flat=True))


# --- A channel's hours -------------------------------------------------------------
# Not for raw saves: a fixture brings the channel's compiled hours with it.


@receiver(post_save, sender=Betjeningstid)
@receiver(post_delete, sender=Betjeningstid)
@receiver(post_save, sender=Betjeningsavvik)
@receiver(post_delete, sender=Betjeningsavvik)
def hours_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    kanal = Kontaktkanal.objects.filter(pk=instance.kanal_id).first()
    if kanal is not None:
        kanal.refresh_timeplan()


# --- The change counter -------------------------------------------------------------


def content_changed(sender, **kwargs) -> None:
    if not getattr(_bulk, "writing", False):
        caching.bump()


def content_models() -> Iterator[type]:
    """The models whose rows a page shows: not derived rows, not history copies."""
    for label in ("kontakter", "tiltak"):
        for model in apps.get_app_config(label).get_models():
            # django-simple-history's copies have `instance_type`; a revert
            # saves the real row, which bumps.
            history = hasattr(model, "instance_type")
            if not history and not issubclass(model, NOT_CONTENT):
                yield model


for model in content_models():
    uid = f"dataversjon-{model._meta.label}"
    post_save.connect(content_changed, sender=model, dispatch_uid=uid)
    post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=uid)


# --- Accounts and the database ------------------------------------------------------


@receiver(user_logged_in)
def logged_in(sender, request: HttpRequest, user, **kwargs) -> None:
    login.remember_login_time(request)


post_migrate.connect(database.use_wal, sender=apps.get_app_config("tiltak"))
