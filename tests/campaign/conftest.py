import importlib

import pytest
from django.contrib.auth.models import Group, Permission


@pytest.fixture
def staff_groups(db):
    """Make sure the staff groups exist: a live-server test's flush removes what migrations made."""
    migration = importlib.import_module("campaign.migrations.0003_staff_groups")
    for name, by_app in migration.GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in by_app.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
