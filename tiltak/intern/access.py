"""Who may use the staff pages under /intern/: one check, imported by every view there.

Anonymous visitors go to the login page and come back (`next`) after logging in;
a logged-in user who is not staff gets 403 with a Norwegian explanation.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Login required, then is_staff; internal pages are never cached."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_staff:
            raise PermissionDenied("Bare ansatte har tilgang til interne sider.")
        return view(request, *args, **kwargs)

    return never_cache(login_required(checked))
