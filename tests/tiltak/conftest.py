import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def staff_client(db, client: Client) -> Client:
    """A client logged in as a staff user with no other permissions.

    Each of its requests to a staff page costs five queries besides the page's
    own: whether the user has or needs a two-factor device (tiltak.intern.login),
    and saving the session for its idle timeout (three in a test's transaction).
    """
    user = User.objects.create_user("ansatt", password="x", is_staff=True)
    client.force_login(user)
    return client
