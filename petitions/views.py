from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import charts, selectors, services
from .forms import SignatureForm, country_from_accept_language
from .models import Petition, Signature
from .services import VerificationOutcome
from .tokens import ExpiredToken, InvalidToken, verification_tokens


def client_ip_address(request):
    """Return the client's address; behind a proxy, the one it appended to X-Forwarded-For."""
    if settings.PETITIONS_TRUSTED_PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= settings.PETITIONS_TRUSTED_PROXY_COUNT:
            return forwarded[-settings.PETITIONS_TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def petition_list(request):
    petitions = selectors.public_petitions()
    return render(request, "petitions/petition_list.html", {"petitions": petitions})


def petition_detail(request, slug):
    """The petition with its live count and sign form; the form posts back here."""
    if request.method == "POST":
        return _petition_sign(request, slug)
    # What everyone reloads at a peak: the petition and its count from this process's memory (a
    # second old at most), the empty form from the template's cache.
    petition = public_petition_or_404(slug, recent=True)
    initial_country = country_from_accept_language(request.headers.get("Accept-Language"))
    return _petition_page(
        request,
        petition,
        initial_country=initial_country,
        empty_form=lambda: SignatureForm(initial={"country": initial_country}),
    )


def _petition_sign(request, slug):
    petition = public_petition_or_404(slug, recent=True)
    form = SignatureForm(request.POST)
    if form.is_valid():
        try:
            services.signature_create(
                petition=petition,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                country=form.cleaned_data["country"],
                city=form.cleaned_data["city"],
                consent_to_updates=form.cleaned_data["consent_to_updates"],
                ip_address=client_ip_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("petitions:signed", slug=petition.slug)
    return _petition_page(request, petition, form=form, status=400)


def _petition_page(request, petition, *, status=200, **context):
    """Render the petition page, with a bound form or with the empty one.

    The empty form is the context's empty_form, which the template calls only when the form it
    renders is not in its cache.
    """
    count = selectors.public_petition_count(petition_id=petition.pk)
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
    days = selectors.verified_signatures_by_day(petition_id=petition.pk)
    context = {
        "petition": petition,
        "count": count,
        "progress": selectors.progress_percent(
            signature_count=count.signature_count, goal=petition.goal
        ),
        "countries": [
            (country, country.signature_count * 100 / count.signature_count)
            for country in count.by_country
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


def signature_verify(request, token):
    result = services.signature_verify(token=token)
    status = {VerificationOutcome.INVALID: 404, VerificationOutcome.EXPIRED: 410}.get(
        result.outcome, 200
    )
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
    services.verification_email_request_again(signature=signature)
    return render(request, "petitions/verification_resent.html", {"petition": signature.petition})


def public_petition_or_404(slug, *, recent=False):
    """The public petition with that slug; with recent, as this process read it a second ago."""
    select = selectors.recent_public_petition if recent else selectors.public_petition
    try:
        return select(slug=slug)
    except Petition.DoesNotExist as error:
        raise Http404 from error
