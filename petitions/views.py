from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import caching, selectors, services, tasks
from .forms import SignatureForm, country_from_accept_language
from .models import Signature
from .reporting import charts
from .reporting.selectors import verified_signatures_by_day
from .services import VerificationOutcome, VerificationResult
from .tokens import ExpiredToken, InvalidToken, verification_tokens
from .web import (
    VERIFICATION_STATUS,
    masked_email,
    public_petition_or_404,
    signature_create_from_request,
)


def petition_list(request):
    petitions = selectors.public_petitions()
    return render(request, "petitions/petition_list.html", {"petitions": petitions})


def petition_detail(request, slug):
    """The petition with its live count and sign form; the form posts back here."""
    if request.method == "POST":
        return _petition_sign(request, slug)
    # What everyone reloads at a peak: the petition and its count from this process's memory (a
    # second old at most), the empty form's fields rendered once per language and country.
    petition = public_petition_or_404(slug, recent=True)
    initial_country = country_from_accept_language(request.headers.get("Accept-Language"))
    form_fields = caching.SIGN_FORM_FIELDS.get_or_set(
        get_language(),
        initial_country,
        build=lambda: render_to_string(
            "petitions/_sign_form_fields.html",
            {"form": SignatureForm(initial={"country": initial_country})},
        ),
    )
    return _petition_page(request, petition, form_fields=form_fields)


def _petition_sign(request, slug):
    petition = public_petition_or_404(slug, recent=True)
    form = SignatureForm(request.POST)
    if form.is_valid():
        try:
            signature_create_from_request(request, petition=petition, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("petitions:signed", slug=petition.slug)
    return _petition_page(request, petition, form=form, status=400)


def _petition_page(request, petition, *, status=200, **context):
    """Render the petition page, with a bound form or with the empty form's cached fields."""
    count = selectors.recent_petition_count(petition_id=petition.pk)
    context |= {
        "petition": petition,
        "count": count,
        "top_countries": count.by_country[:10],
        "progress": selectors.progress_percent(
            signature_count=count.signature_count, goal=petition.goal
        ),
    }
    return render(request, "petitions/petition_detail.html", context, status=status)


def petition_stats(request, slug):
    petition = public_petition_or_404(slug)
    count = selectors.petition_count(petition_id=petition.pk)
    days = verified_signatures_by_day(petition_id=petition.pk)
    context = {
        "petition": petition,
        "count": count,
        "progress": selectors.progress_percent(
            signature_count=count.signature_count, goal=petition.goal
        ),
        "countries": [
            (row, row.signature_count * 100 / count.signature_count) for row in count.by_country
        ],
        "world_map": charts.world_map_svg(count.by_country),
        "map_legend": charts.map_legend(count.by_country),
        "days": days,
        "day_chart": charts.bar_chart_svg(days),
    }
    return render(request, "petitions/petition_stats.html", context)


def petition_signed(request, slug):
    petition = public_petition_or_404(slug)
    return render(request, "petitions/petition_signed.html", {"petition": petition})


# The token in the URL authorizes the POST, as a password reset link's does: a cross-site page
# cannot know it, so Django's CSRF cookie adds nothing here, and a mail client's in-app browser
# that drops cookies between opening the link and pressing the button would be refused by it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST", "OPTIONS"])
@never_cache
def signature_verify(request, token):
    """Opening the link shows what it confirms and changes nothing; its button (POST) confirms.

    Mail scanners open links, and some run the page's scripts: the page has none, and only a
    person pressing the button confirms. Pressing it again answers "already confirmed".
    """
    if request.method == "OPTIONS":
        return HttpResponse(headers={"Allow": "GET, HEAD, POST, OPTIONS"})
    if request.method == "POST":
        result = services.signature_verify(token=token)
        return _verification_page(request, result, token=token)
    result = services.signature_verification_state(token=token)
    if result.outcome is VerificationOutcome.PENDING:
        context = {
            "token": token,
            "signature": result.signature,
            "petition": result.signature.petition,
            "masked_email": masked_email(result.signature.email),
        }
        return render(request, "petitions/signature_confirm.html", context)
    return _verification_page(request, result, token=token)


def _verification_page(request, result, *, token):
    status = VERIFICATION_STATUS.get(result.outcome, 200)
    context = {"outcome": result.outcome.value, "signature": result.signature, "token": token}
    if result.signature is not None:
        context["petition"] = result.signature.petition
    return render(request, "petitions/signature_verify.html", context, status=status)


@require_POST
def verification_resend(request, token):
    """Send a fresh link for an expired one (the old link still names its signature)."""
    try:
        signature_id = verification_tokens.check_token(token)
    except ExpiredToken as expired:
        signature_id = expired.signature_id
    except InvalidToken as error:
        raise Http404 from error
    signature = get_object_or_404(Signature.objects.select_related("petition"), pk=signature_id)
    if not signature.petition.is_open_for_signing():
        # A link sent now could outlive the closed petition's settled count (README).
        result = VerificationResult(VerificationOutcome.CLOSED, signature)
        return _verification_page(request, result, token=token)
    if services.verification_email_request_again(signature=signature):
        tasks.verification_email_enqueue(signature.pk)
    return render(request, "petitions/verification_resent.html", {"petition": signature.petition})
