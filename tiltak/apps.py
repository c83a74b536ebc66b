from django.apps import AppConfig


class TiltakConfig(AppConfig):
    name = "tiltak"
    verbose_name = "Tiltak"

    def ready(self) -> None:
        # Connects the signals that keep the search index current.
        from tiltak import search  # noqa: F401
        from tiltak.caching import connect_signals

        # Counts every change, for ETags and the page cache.
        connect_signals()
