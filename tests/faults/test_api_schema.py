"""Hostile input: schemathesis sends what the OpenAPI schema allows and what it does not to a
live server on the test database; no answer is a 5xx, and none breaks the schema."""

import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import PetitionFactory, UserFactory, verified_signature

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_the_api_answers_hostile_input_without_a_5xx_or_breaking_its_schema(
    processes, test_database_url, tmp_path
):
    petition = PetitionFactory(slug="truth")
    verified_signature(petition=petition, country="FR")
    organizer = UserFactory(
        permissions=[
            "petitions.view_petition",
            "petitions.export_signature_counts",
            "petitions.export_signers",
        ]
    )
    token = Token.objects.create(user=organizer)
    # Without Redis the signer exports it asks for are written at once: into tmp_path.
    origin = processes.gunicorn(DATABASE_URL=test_database_url, MEDIA_ROOT=str(tmp_path))

    result = subprocess.run(
        [SCHEMATHESIS, "run", f"{origin}/api/schema/"]
        + ["--checks", "not_a_server_error,response_schema_conformance"]
        # Bounded, so that CI stays within its time; the seed makes a failure reproducible.
        + ["--max-examples", "10", "--seed", "14", "--request-timeout", "10"]
        + ["--header", f"Authorization: Token {token.key}", "--generation-database", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
