from django import template

from tiltak.intern.kvalitet import admin_url as _admin_url

register = template.Library()


@register.filter
def admin_url(obj) -> str:
    """The admin page where the record is fixed: {{ tiltak|admin_url }}."""
    return _admin_url(obj)
