from django.apps import AppConfig


class TiltakConfig(AppConfig):
    name = "tiltak"
    verbose_name = "Tiltak"
