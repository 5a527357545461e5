from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from config.masking import mask_email

from . import selectors, services, tasks
from .addresses import client_ip_address
from .antiabuse import bots
from .antiabuse.checks import SigningRefused, resend_check
from .forms import SignatureForm
from .models import Petition, Signature
from .privacy_notice import DEFAULT_TEXT, privacy_notice_text
from .reporting import charts
from .reporting.selectors import verified_signatures_by_day
from .services import VerificationOutcome, VerificationResult
from .tokens import ExpiredToken, InvalidToken, verification_tokens, withdrawal_tokens
from .web import (
    VERIFICATION_STATUS,
    empty_sign_form_fields,
    public_petition_or_404,
    signature_create_from_form,
)


def petition_list(request):
    """Every public petition and declaration with its count, all counts in one cache trip."""
    petitions = selectors.petitions_with_counts(list(selectors.public_petitions()))
    return render(request, "petitions/petition_list.html", {"cards": petitions})


# A 500 report (Django's error emails, a debug page) leaves out what the signer typed.
@sensitive_post_parameters("name", "email", "city")
def petition_detail(request, slug):
    """The petition with its live count and sign form; the form posts back here."""
    if request.method == "POST":
        return _petition_sign(request, slug)
    # What everyone reloads at a peak: the petition and its count from this process's memory (a
    # second old at most), the empty form's fields rendered once per language.
    petition = public_petition_or_404(slug, recent=True)
    return _petition_page(request, petition, form_fields=empty_sign_form_fields())


def _petition_sign(request, slug):
    petition = public_petition_or_404(slug, recent=True)
    if bots.sign_form_is_automated(request.POST):
        # Answered as a success, so that the script learns nothing; nothing is stored.
        return redirect("petitions:signed", slug=petition.slug)
    form = SignatureForm(request.POST)
    if form.is_valid():
        signed, refused = signature_create_from_form(request, petition=petition, form=form)
        if signed:
            # The browser would keep the form's #sign-errors on the next page: open it at its top.
            return redirect(reverse("petitions:signed", kwargs={"slug": petition.slug}) + "#top")
        if refused:
            return refused.with_retry_after(
                _petition_page(request, petition, form=form, status=refused.status)
            )
    return _petition_page(request, petition, form=form, status=400)


def _petition_page(request, petition, *, status=200, **context):
    """Render the petition page, with a bound form or with the empty form's cached fields."""
    count = selectors.recent_petition_count(petition_id=petition.pk)
    context |= {
        "petition": petition,
        "antispam": bots.sign_form_context(petition),
        "count": count,
        "recent_supporters": selectors.recent_supporters(petition_id=petition.pk),
        "top_countries": count.by_country[:10],
        "progress": count.progress(petition.goal),
        "fragment_seconds": settings.PETITIONS_LOCAL_CACHE_SECONDS,
    }
    return render(request, "petitions/petition_detail.html", context, status=status)


def petition_stats(request, slug):
    petition = public_petition_or_404(slug)
    count = selectors.petition_count(petition_id=petition.pk)
    days = verified_signatures_by_day(petition_id=petition.pk)
    context = {
        "petition": petition,
        "count": count,
        "progress": count.progress(petition.goal),
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
            "masked_email": mask_email(result.signature.email),
        }
        return render(request, "petitions/signature_confirm.html", context)
    return _verification_page(request, result, token=token)


def _verification_page(request, result, *, token):
    status = VERIFICATION_STATUS.get(result.outcome, 200)
    context = {"outcome": result.outcome.value, "signature": result.signature, "token": token}
    if result.signature is not None:
        context["petition"] = result.signature.petition
    return render(request, "petitions/signature_verify.html", context, status=status)


# As signature_verify's button: the token authorizes, and the page that offers a new link is
# opened in whatever browser the email opens in; the sending is rate limited (resend_check).
@csrf_exempt
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
    try:
        resend_check(ip_address=client_ip_address(request), signature=signature)
    except SigningRefused as refused:
        return refused.with_retry_after(
            render(
                request,
                "petitions/signing_refused.html",
                {"petition": signature.petition, "message": refused.message},
                status=refused.status,
            )
        )
    if services.verification_email_request_again(signature=signature):
        tasks.verification_email_enqueue(signature.pk)
    return render(request, "petitions/verification_resent.html", {"petition": signature.petition})


# The token in the link is what authorizes the withdrawal, as in a password reset link; no
# session or cookie is involved, so a cross-site request has nothing to borrow, and the form
# works in whatever browser the email opens in.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def signature_withdraw(request, token):
    """GET asks to confirm the withdrawal; POST withdraws the signature, once."""
    try:
        signature_id = withdrawal_tokens.check_token(token)
    except InvalidToken:
        return render(
            request, "petitions/signature_withdraw.html", {"outcome": "invalid"}, status=404
        )
    if request.method == "POST":
        withdrawal = services.signature_withdraw(signature_id=signature_id)
        petition_id = withdrawal.petition_id if withdrawal else None
        outcome = "withdrawn" if withdrawal else "gone"
    else:
        petition_id = (
            Signature.objects.filter(pk=signature_id).values_list("petition_id", flat=True).first()
        )
        outcome = "confirm" if petition_id else "gone"
    context = {
        "outcome": outcome,
        "petition": Petition.objects.filter(pk=petition_id).first(),
    }
    return render(
        request,
        "petitions/signature_withdraw.html",
        context,
        status=410 if outcome == "gone" else 200,
    )


def privacy_notice(request):
    """The privacy notice in force, with the retention periods and contact of the settings."""
    notice = selectors.current_privacy_notice()
    text = privacy_notice_text(notice.text if notice else DEFAULT_TEXT)
    return render(request, "petitions/privacy_notice.html", {"notice": notice, "text": text})
