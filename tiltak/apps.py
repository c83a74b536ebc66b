from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TiltakConfig(AppConfig):
    name = "tiltak"
    verbose_name = "Tiltak"

    def ready(self) -> None:
        # Connects the signals that keep the search index current, and the one
        # that stamps a login's time for the session's maximum age.
        from slt.database import use_wal
        from tiltak import innlogging, search  # noqa: F401
        from tiltak.caching import connect_signals

        # Counts every change, for ETags and the page cache.
        connect_signals()
        # An SQLite database runs in WAL mode from its first migrate on.
        post_migrate.connect(use_wal, sender=self)
