"""Who may see what is not public: one rule, for /intern/ and the public pages alike.

- The staff pages under /intern/ show every tiltak, drafts and archived ones too,
  with their internal notes (the list, the export, the plan to print, the
  reports): `staff_required`, imported by every view there.
- A public page shows a draft or an archived tiltak (a preview, or an old address
  leading to one) only to the same users: `may_see_unpublished`. Everyone else
  gets 404, as if there were no such tiltak.

Both ask for the same three things: a staff account that may view tiltak
(tiltak.view_tiltak, which «SLT-koordinator» has and «Redaktør for
kontaktkanaler» has not), and a login finished the way the staff areas demand it
(`login_complete`: with the code from the app for those who have one or must).
Anonymous visitors go to the login page and come back (`next`) after logging in;
a logged-in user without that right gets 403 with a Norwegian explanation.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django_otp import user_has_device

from tiltak.intern.login import requires_two_factor

View = Callable[..., HttpResponse]

# What lets a user see tiltak that are not published, wherever they are shown.
SEE_UNPUBLISHED = "tiltak.view_tiltak"


def login_complete(user) -> bool:
    """Logged in as the staff areas demand (tiltak.intern.login.LoginMiddleware):
    with the code when the user has an app or must have one (coordinators and
    superusers), with the password alone otherwise.

    Remembered on the user object, which lives as long as the request.
    """
    if not user.is_authenticated:
        return False
    known = getattr(user, "_slt_login_complete", None)
    if known is None:
        # OTPMiddleware gives request.user is_verified(); a bare user has none.
        verified = getattr(user, "is_verified", None)
        known = bool(verified and verified()) or not (
            user_has_device(user) or requires_two_factor(user)
        )
        user._slt_login_complete = known
    return known


def may_see_unpublished(user) -> bool:
    """Whether `user` may see drafts, archived tiltak and internal notes: the one
    rule for the staff pages and for the public pages' previews."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(SEE_UNPUBLISHED)
        and login_complete(user)
    )


def staff_required(view: View) -> View:
    """Login required, then may_see_unpublished; internal pages are never cached."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_see_unpublished(request.user):
            raise PermissionDenied(
                "Bare ansatte som kan se alle tiltak, har tilgang til interne sider."
            )
        return view(request, *args, **kwargs)

    return never_cache(login_required(checked))
