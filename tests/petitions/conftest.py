"""Fixtures of the petitions' tests."""

import pytest
from django_countries import countries


@pytest.fixture
def country_named_like_a_formula(settings):
    """A deployment's COUNTRIES_OVERRIDE names Azerbaijan like a formula."""
    settings.COUNTRIES_OVERRIDE = {"AZ": '=HYPERLINK("https://evil.example/";"Azerbaijan")'}
    countries.__dict__.pop("_countries", None)  # django-countries keeps the names it built
    yield
    countries.__dict__.pop("_countries", None)
