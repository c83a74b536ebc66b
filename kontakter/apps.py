from django.apps import AppConfig


class KontakterConfig(AppConfig):
    name = "kontakter"
    verbose_name = "Kontakter"
