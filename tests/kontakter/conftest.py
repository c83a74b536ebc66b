import pytest
from django.contrib.auth.models import Group

from tests.accounts import log_in_verified
from tiltak.intern.roles import COORDINATOR


@pytest.fixture
def coordinator(client, django_user_model):
    """A client logged in as an SLT-koordinator, past the code step."""
    user = django_user_model.objects.create_user("koordinator", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    log_in_verified(client, user)
    return client
