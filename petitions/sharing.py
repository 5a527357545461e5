"""Sharing and embedding a petition: its share image, and the embed for partners' pages.

The embed (/<lang>/embed/<slug>/) is the count, the progress bar and the sign form in a page
made for an iframe: only it may be framed (config.framing.embeddable). Its form is protected
by a signed form token instead of the CSRF cookie, which browsers do not send to a third-party
frame (petitions.tokens.EmbedFormTokenGenerator says why that is as safe); signing there is
otherwise the petition page's: same validation, limits and checks for scripts (the honeypot,
the minimum time, the puzzle of a petition under attack), and it counts only once the emailed
link is opened.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from config.framing import embeddable

from . import caching, selectors
from .antiabuse import bots
from .forms import SignatureForm
from .reporting.share_images import can_draw_text, share_image_png
from .tokens import embed_form_tokens
from .web import empty_sign_form_fields, public_petition_or_404, signature_create_from_form


def share_image_response(png):
    """A PNG answer that browsers and link previews may keep as long as it is drawn for."""
    response = HttpResponse(png, content_type="image/png")
    patch_cache_control(response, public=True, max_age=settings.PETITIONS_SHARE_IMAGE_SECONDS)
    return response


def petition_share_image(request, slug):
    """The petition's share image in the page's language: its title and verified count."""
    petition = public_petition_or_404(slug, recent=True)

    def build():
        count = selectors.petition_count(petition_id=petition.pk)
        png = _petition_share_image(petition, count)
        if png is None:
            # A right-to-left title that Pillow cannot shape here (no libraqm): in English.
            with translation.override(settings.LANGUAGE_CODE):
                png = _petition_share_image(petition, count)
        return png

    png = caching.SHARE_IMAGE.get_or_set("petition", slug, translation.get_language(), build=build)
    return share_image_response(png)


def _petition_share_image(petition, count):
    heading = petition.campaign.name
    caption = ngettext("verified signature", "verified signatures", count.signature_count)
    if not can_draw_text(heading, petition.title, caption):
        return None
    return share_image_png(
        heading=heading,
        title=petition.title,
        figure=number_format(count.signature_count, force_grouping=True),
        caption=caption,
        progress=count.progress(petition.goal),
    )


# A 500 report leaves out what the signer typed; see the module's docstring for the CSRF.
@sensitive_post_parameters("name", "email", "city")
@embeddable
@csrf_exempt
@require_http_methods(["GET", "POST"])
def petition_embed(request, slug):
    """The count, progress bar and sign form, for a partner's iframe."""
    petition = public_petition_or_404(slug, recent=True)
    # "#top": the browser would keep the form's #sign-errors on the next page.
    signed = reverse("petitions:embed-signed", kwargs={"slug": petition.slug}) + "#top"
    form, status, refusal = None, 200, None
    if request.method == "POST":
        if bots.sign_form_is_automated(request.POST):
            # Answered as a success, as on the petition page: the script learns nothing.
            return redirect(signed)
        form, status = SignatureForm(request.POST), 400
        if not embed_form_tokens.is_valid(request.POST.get("token", ""), petition_id=petition.pk):
            form.add_error(
                None,
                gettext("This form has expired. Please check your details and sign again."),
            )
        elif form.is_valid():
            done, refusal = signature_create_from_form(request, petition=petition, form=form)
            if done:
                return redirect(signed)
            if refusal:
                status = refusal.status
    count = selectors.recent_petition_count(petition_id=petition.pk)
    context = {
        "petition": petition,
        "antispam": bots.sign_form_context(petition),
        "count": count,
        "progress": count.progress(petition.goal),
        "form": form,
        "form_fields": None if form else empty_sign_form_fields(),
        "token": embed_form_tokens.make_token(petition.pk),
    }
    response = render(request, "petitions/embed.html", context, status=status)
    return refusal.with_retry_after(response) if refusal else response


@embeddable
def petition_embed_signed(request, slug):
    petition = public_petition_or_404(slug, recent=True)
    return render(request, "petitions/embed_signed.html", {"petition": petition})
