"""Turn a rendered admin change form back into the POST data a browser would send."""

import datetime


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
