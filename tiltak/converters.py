"""The plan period in addresses: /planer/2023-2024/."""

from django.urls import register_converter


class PeriodeConverter:
    """«2023-2024»: a school year, two four-digit years; passed on as the text."""

    regex = r"[0-9]{4}-[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodeConverter, "periode")
