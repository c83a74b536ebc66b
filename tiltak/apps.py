from django.apps import AppConfig


class TiltakConfig(AppConfig):
    name = "tiltak"
    verbose_name = "Tiltak"

    def ready(self) -> None:
        # Every receiver of the project (the search index, the change counter,
        # the login time, WAL mode) is connected there.
        from tiltak import signals  # noqa: F401

        # The deployment checks (`manage.py check --deploy`).
        from tiltak.intern import checks  # noqa: F401
