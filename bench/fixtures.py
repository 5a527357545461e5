"""What the benchmarks need from the ORM, run in a subprocess with the benchmark environment.

`python -m bench.fixtures petition` creates the benchmark petition; `tokens FILE` writes the
verification token of every unverified signature; `organizer` prints an API token allowed to
export counts; `news` starts sending a news post to the petition's consenting signers and prints
how many emails it wrote and in how many seconds. The harness itself never imports Django models, so that each step talks to the
database named in its own environment.
"""

import argparse
import sys

import django

SLUG = "bench"


def create_petition():
    from campaign.models import Campaign
    from petitions.models import Petition

    campaign, _ = Campaign.objects.get_or_create(
        slug=SLUG, defaults={"name": "Benchmark campaign", "start_date": "2026-01-01"}
    )
    petition, _ = Petition.objects.get_or_create(
        slug=SLUG,
        defaults={
            "campaign": campaign,
            "title": "Benchmark petition",
            "text": "A petition that benchmarks sign, verify and read.",
            "goal": 20_000_000,
            "state": Petition.State.OPEN,
            "opens_at": "2026-01-01T00:00:00Z",
        },
    )
    print(petition.pk)


def write_tokens(path):
    from petitions.models import Signature
    from petitions.tokens import verification_tokens

    ids = (
        Signature.objects.filter(petition__slug=SLUG, verified_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with open(path, "w") as file:
        for pk in ids.iterator(chunk_size=10_000):
            file.write(verification_tokens.make_token(pk) + "\n")


def organizer_token():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from rest_framework.authtoken.models import Token

    user, _ = get_user_model().objects.get_or_create(
        username="bench-organizer", defaults={"is_staff": True}
    )
    user.user_permissions.add(Permission.objects.get(codename="export_signature_counts"))
    token, _ = Token.objects.get_or_create(user=user)
    print(token.key)


def start_news_sending():
    import time

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from news.models import Post
    from news.services import news_send_start
    from petitions.models import Petition

    petition = Petition.objects.get(slug=SLUG)
    post, _ = Post.objects.get_or_create(
        slug=SLUG,
        defaults={
            "campaign": petition.campaign,
            "title": "Benchmark news",
            "text": "A post that the news benchmark sends to every consenting signer.",
            "status": Post.Status.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor")
    began = time.monotonic()
    sending = news_send_start(post=post, petitions=[petition], started_by=editor)
    print(sending.recipient_count, f"{time.monotonic() - began:.3f}")


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.fixtures")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("petition")
    commands.add_parser("tokens").add_argument("output")
    commands.add_parser("organizer")
    commands.add_parser("news")
    args = parser.parse_args()
    django.setup()
    if args.command == "petition":
        create_petition()
    elif args.command == "tokens":
        write_tokens(args.output)
    elif args.command == "news":
        start_news_sending()
    else:
        organizer_token()


if __name__ == "__main__":
    sys.exit(main())
