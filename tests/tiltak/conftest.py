import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def staff_client(db, client: Client) -> Client:
    """A client logged in as a staff user with no other permissions."""
    user = User.objects.create_user("ansatt", password="x", is_staff=True)
    client.force_login(user)
    return client
