"""Turn a rendered admin change form back into the POST data a browser would send."""

import datetime

from django.test import Client

from tests.accounts import log_in_verified


def _value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _add_form(data: dict, form) -> None:
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else _value(value)


def form_data(response, **changes) -> dict:
    """The change form as the page showed it, with `changes` applied."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    data.update(changes)
    return data


def inline_prefix(response, obj) -> str:
    """The prefix of the inline row that edits `obj` («kanaler-0»), for changes to
    it: form_data(page, **{f"{prefix}-etikett": "Vakt"})."""
    for inline in response.context.get("inline_admin_formsets", []):
        for form in inline.formset.forms:
            if type(form.instance) is type(obj) and form.instance.pk == obj.pk:
                return form.prefix
    raise LookupError(f"no inline row for {obj!r}")


def changelist_data(response, changes: dict | None = None) -> dict:
    """The changelist's editable columns as the page showed them, sent with
    «Lagre»; `changes` maps a record's key to {field: new value}."""
    formset = response.context["cl"].formset
    data: dict = {"_save": "Lagre"}
    _add_form(data, formset.management_form)
    for form in formset.forms:
        _add_form(data, form)
        for name, value in (changes or {}).get(form.instance.pk, {}).items():
            data[form.add_prefix(name)] = value
    return data


def new_inline_row(response, model, **values) -> dict:
    """POST data that adds a row to the page's inline of `model`: its fields and
    the management form's count raised by one."""
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        if formset.model is model:
            total = formset.total_form_count()
            row = {f"{formset.prefix}-{total}-{name}": v for name, v in values.items()}
            return {f"{formset.prefix}-TOTAL_FORMS": total + 1, **row}
    raise LookupError(f"no inline of {model.__name__}")


def two_editors(user_model) -> tuple[Client, Client]:
    """Kari and Ola, superusers past the code step, each in a browser of their
    own: for two editors saving the same record."""
    clients = []
    for name in ("kari", "ola"):
        client = Client()
        log_in_verified(client, user_model.objects.create_superuser(name, "", "x"))
        clients.append(client)
    return clients[0], clients[1]
