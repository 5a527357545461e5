"""What the pages (views.py) and the JSON API (api.py) share: the client, a public petition, signing."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import caching, selectors, services, tasks
from .addresses import client_ip_address
from .antiabuse import bots
from .antiabuse.checks import SigningRefused, signing_check
from .forms import SignatureForm
from .models import Petition
from .services import VerificationOutcome

# The HTTP status of each verification outcome, on the page and in the API alike.
VERIFICATION_STATUS = {
    VerificationOutcome.INVALID: 404,
    VerificationOutcome.EXPIRED: 410,
    VerificationOutcome.CLOSED: 410,
}


def public_petition_or_404(slug, *, recent=False):
    """The public petition with that slug; with recent, as this process read it a second ago."""
    select = selectors.recent_public_petition if recent else selectors.public_petition
    try:
        return select(slug=slug)
    except Petition.DoesNotExist as error:
        raise Http404 from error


def empty_sign_form_fields():
    """The empty sign form's fields, rendered once per language in each process.

    250 countries are most of the petition page's rendering time; no country is preselected:
    the browser's language says nothing of where its reader lives.
    """
    return caching.SIGN_FORM_FIELDS.get_or_set(
        get_language(),
        build=lambda: render_to_string(
            "petitions/_sign_form_fields.html", {"form": SignatureForm()}
        ),
    )


def signature_create_from_request(request, *, petition, altcha="", **fields):
    """Sign for the client of a request, recording its address, browser and language (the
    page's, or Accept-Language's for the API); queue its email.

    fields are signature_create's: name, email, country, city, consent_to_updates,
    consent_to_show_name; altcha is the proof-of-work solution a petition under attack asks
    for. Raises SigningRefused when the client may not sign now (antiabuse.checks),
    ValidationError when the petition does not take signatures.
    """
    ip_address = client_ip_address(request)
    signing_check(
        petition=petition,
        ip_address=ip_address,
        email=fields["email"],
        altcha_payload=altcha,
    )
    result = services.signature_create(
        petition=petition,
        ip_address=ip_address,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        language=get_language(),
        **fields,
    )
    # Queued whether or not an email is owed: a request that talked to the broker only for a
    # new signer would tell who has signed by its time. The task's claim sends nothing unowed.
    tasks.verification_email_enqueue(result.signature_id)
    return result


def signature_create_from_form(request, *, petition, form):
    """Sign with a valid sign form (the page's or the embed's); return the refusal, if any.

    Return (signed, refusal): a refusal (SigningRefused: a limit, a block, the puzzle) or a
    petition that takes no signatures is added to the form's errors.
    """
    try:
        signature_create_from_request(
            request,
            petition=petition,
            altcha=request.POST.get(bots.ALTCHA_FIELD, ""),
            **form.cleaned_data,
        )
    except SigningRefused as refused:
        form.add_error(None, refused.message)
        return False, refused
    except ValidationError as error:
        form.add_error(None, error)
        return False, None
    return True, None
