"""Django's password validators with their messages in Norwegian.

Django's nb catalogue lags behind its msgids (the minimum length message came out
in English), so the texts are written here instead of looked up. The checks
themselves are Django's.
"""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Passordet er for kort. Det må ha minst {self.min_length} tegn."

    def get_help_text(self) -> str:
        return f"Passordet må ha minst {self.min_length} tegn."


class UserAttributeSimilarityValidator(
    password_validation.UserAttributeSimilarityValidator
):
    def get_error_message(self) -> str:
        return "Passordet ligner for mye på %(verbose_name)s."

    def get_help_text(self) -> str:
        return "Passordet kan ikke ligne for mye på brukernavnet, navnet eller e-post."


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Passordet er for vanlig. Velg et som er vanskeligere å gjette."

    def get_help_text(self) -> str:
        return "Passordet kan ikke være et av de mest brukte passordene."


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Passordet kan ikke bare bestå av tall."

    def get_help_text(self) -> str:
        return "Passordet kan ikke bare bestå av tall."
