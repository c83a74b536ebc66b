"""PLACEHOLDER — helper A replaces this module (the plan workflow pages)."""

from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


plan_liste = plan_oversikt = lag_neste = vedta = publiser = _todo
