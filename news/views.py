from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from config.masking import mask_email

from . import selectors, services
from .models import NewsEmail, Post
from .tokens import InvalidToken

POSTS_PER_PAGE = 10
# Image names are random and never reused; an hour, so that unpublishing takes effect soon.
IMAGE_MAX_AGE_SECONDS = 3600


def post_list(request):
    page = Paginator(selectors.published_posts(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "news/post_list.html", {"page": page, "posts": page.object_list})


def post_detail(request, slug):
    try:
        post = selectors.published_post(slug=slug)
    except Post.DoesNotExist as error:
        raise Http404 from error
    return render(request, "news/post_detail.html", {"post": post})


def post_image(request, name):
    """Serve the image of a published post: nothing else from its storage, nothing of drafts."""
    post = selectors.published_posts().filter(image=name).first()
    if post is None:
        raise Http404
    try:
        image = post.image.open()
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(image, filename=name)
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE_SECONDS}"
    return response


# RFC 8058 one-click unsubscribing: the mail provider POSTs to the link of the List-Unsubscribe
# header with no page, cookie or CSRF token. The signed token in the link is what authorizes.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (a link scanner changes nothing); POST unsubscribes at once."""
    try:
        email = selectors.news_email_of_token(token=token)
    except InvalidToken:
        return render(request, "news/unsubscribe_invalid.html", status=400)
    except NewsEmail.DoesNotExist as error:
        raise Http404 from error
    if request.method == "POST":
        services.news_unsubscribe(email_normalized=email.email_normalized)
        return render(request, "news/unsubscribed.html", {"address": mask_email(email.email)})
    return render(request, "news/unsubscribe.html", {"address": mask_email(email.email)})
