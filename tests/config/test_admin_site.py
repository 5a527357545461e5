"""The staff admin under the campaign's name, with inputs wide enough for the figures."""

import re

import pytest

from tests.factories import CampaignFactory, PetitionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_carry_the_campaigns_name_not_djangos(client):
    CampaignFactory(name="Justice for Khojaly")
    page = client.get("/admin/login/").content.decode()
    assert "Django administration" not in page
    assert re.search(r"<title>[^<]*Justice for Khojaly admin</title>", page)
    assert re.search(r'<div id="site-name"><a href="/admin/">Justice for Khojaly</a></div>', page)


def test_a_goal_of_a_million_fits_its_input(client):
    client.force_login(UserFactory(groups=["Campaign staff"]))
    petition = PetitionFactory(goal=1_000_000)
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    goal = re.search(r'<input type="number" name="goal"[^>]*>', page).group()
    assert 'value="1000000"' in goal
    assert 'class="vBigIntegerField"' in goal  # 10em wide; vIntegerField (5em) shows 5 digits
