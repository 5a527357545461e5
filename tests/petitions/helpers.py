"""What the petitions tests share: signing the way a supporter does, and reading the email."""

import re

from django.core import mail
from django.db import connection

from petitions import tasks
from petitions.models import Signature
from petitions.services import signature_verify
from petitions.tokens import verification_tokens
from tests.factories import SignatureFactory

LINK = re.compile(r"https?://[^/\s]+(?P<path>/[a-z]{2}/verify/[^/\s]+/)")


def sign_json(client, petition, *, meta=None, **fields):
    """POST a signature to the API; meta sets request headers such as REMOTE_ADDR."""
    payload = {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"} | fields
    return client.post(
        f"/api/v1/petitions/{petition.slug}/signatures/",
        payload,
        content_type="application/json",
        **(meta or {}),
    )


def emails_sent():
    """Return the emails sent so far, once the outbox has run, as beat runs it every few seconds."""
    tasks.verification_emails_send_owed_task()
    return mail.outbox


def verification_links(email_address):
    """Return the verification paths emailed to an address, oldest first."""
    return [
        LINK.search(message.body).group("path")
        for message in emails_sent()
        if email_address in message.to
    ]


def confirm(client, link):
    """Press the button of the page a verification link opens: a POST to the link itself."""
    return client.post(link)


def only_verification_link(email_address):
    links = verification_links(email_address)
    assert len(links) == 1, f"expected one email to {email_address}, got {len(links)}"
    return links[0]


def sign_and_verify(petition, countries):
    """Sign the petition once from each country given and confirm each through its token."""
    for country in countries:
        signature = SignatureFactory(petition=petition, country=country)
        signature_verify(token=verification_tokens.make_token(signature.pk))


def signature_of(petition, email):
    return Signature.objects.get(petition=petition, email_normalized=email.strip().lower())


def database_url_of_the_test_database():
    """The test database's URL, for a process of its own (a worker, a sender)."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def count_shown(page, url):
    """The total a petition page shows in a browser (with counts_shown_at_once: exact)."""
    page.goto(url)
    return page.locator("[data-live-count]").inner_text()
