"""PLACEHOLDER — helper B replaces this module (what changed, årsrapport, DOCX)."""

from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


plan_endringer = arsrapport = arsrapport_docx = plan_docx = _todo
