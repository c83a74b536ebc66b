import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from tests.accounts import log_in_verified


@pytest.fixture
def staff_client(db, client: Client) -> Client:
    """A client logged in, with the code from the app, as a staff user who may
    view tiltak and nothing else: what the staff pages ask for
    (tiltak.intern.access).

    Each of its requests to a staff page costs queries besides the page's own:
    the session's device, the user's permissions, and saving the session for its
    idle timeout (three in a test's transaction).
    """
    user = User.objects.create_user("ansatt", password="x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="tiltak", codename="view_tiltak")
    )
    log_in_verified(client, user)
    return client
