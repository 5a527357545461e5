"""The API refuses bodies too large or too deeply nested before parsing them, as forms do."""

import http.client
import json

import pytest
from django.conf import settings
from django.test import Client

from petitions.models import Signature
from tests.config.helpers import gunicorn_serving
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db

SIGNER = {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"}


def signatures_url(petition):
    return f"/api/v1/petitions/{petition.slug}/signatures/"


@pytest.fixture
def client():
    """A client that answers as the server would, a 500 included, instead of raising."""
    return Client(raise_request_exception=False)


def test_deeply_nested_json_is_refused_with_400_naming_the_nesting(client):
    petition = PetitionFactory()
    response = client.post(signatures_url(petition), "[" * 100_000, "application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    assert not Signature.objects.exists()


def test_brackets_inside_strings_are_not_nesting(client):
    petition = PetitionFactory()
    body = json.dumps(SIGNER | {"city": "[{" * 40 + '\\"]'})
    response = client.post(signatures_url(petition), body, "application/json")
    assert response.status_code == 202, response.content
    assert Signature.objects.get().city == "[{" * 40 + '\\"]'


def test_json_body_over_the_upload_limit_is_refused_with_413(client):
    petition = PetitionFactory()
    # Unknown fields are ignored by the serializer: only the size can refuse this one.
    body = json.dumps(SIGNER | {"padding": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    response = client.post(signatures_url(petition), body, "application/json")
    assert response.status_code == 413
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in response.json()["detail"]
    assert not Signature.objects.exists()


def test_a_body_within_the_limit_is_signed(client):
    petition = PetitionFactory()
    body = json.dumps(SIGNER | {"padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 1000)})
    response = client.post(signatures_url(petition), body, "application/json")
    assert response.status_code == 202


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ"]
)
def test_form_bodies_over_the_upload_limit_are_refused_with_413(client, content_type):
    petition = PetitionFactory()
    body = b"padding=" + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if content_type.startswith("multipart"):
        body = (
            b'--XyZ\r\nContent-Disposition: form-data; name="padding"\r\n\r\n'
            + body
            + b"\r\n--XyZ--\r\n"
        )
    response = client.post(signatures_url(petition), body, content_type)
    assert response.status_code == 413
    assert "detail" in response.json()


def post_chunked(origin, path, body):
    """POST a body in chunks with no Content-Length, as a streaming client does."""
    host, port = origin.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    chunks = (body[start : start + 65536] for start in range(0, len(body), 65536))
    connection.request(
        "POST",
        path,
        body=chunks,
        headers={"Content-Type": "application/json"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_takes_a_chunked_body_within_the_limit_and_refuses_one_over_it(
    server_environment, free_port
):
    petition = PetitionFactory()
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    with gunicorn_serving(server_environment, free_port) as origin:
        status, body = post_chunked(origin, signatures_url(petition), json.dumps(SIGNER).encode())
        assert status == 202, body
        assert Signature.objects.filter(email="leyla@example.org").exists()

        oversized = json.dumps(SIGNER | {"email": "o@example.org", "padding": "x" * limit})
        status, body = post_chunked(origin, signatures_url(petition), oversized.encode())
        assert status == 413, body
        assert str(limit) in json.loads(body)["detail"]
        assert not Signature.objects.filter(email="o@example.org").exists()
