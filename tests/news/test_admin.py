"""Staff write posts, preview the email, test it on themselves, then send it and follow it."""

import pytest
from django.core import mail

from news import services
from news.models import NewsEmail, NewsSend, Post
from tests.factories import PetitionFactory, UserFactory
from tests.news.helpers import PostFactory, consenting_signer

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(username="editor", email="editor@example.org", groups=["Campaign staff"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def post():
    return PostFactory(title="The exhibition opens", text="Come to Paris on Friday.")


@pytest.fixture
def petitions(post):
    truth = PetitionFactory(campaign=post.campaign, title="Truth")
    justice = PetitionFactory(campaign=post.campaign, title="Justice")
    consenting_signer(truth, "leyla@example.org")
    consenting_signer(justice, "leyla@example.org")
    consenting_signer(justice, "zoe@example.org")
    return [truth, justice]


def test_campaign_staff_write_a_post(editor_client, post):
    response = editor_client.post(
        "/admin/news/post/add/",
        {
            "campaign": post.campaign.pk,
            "title_en": "Concert in Berlin",
            "title_de": "Konzert in Berlin",
            "slug": "concert-in-berlin",
            "text_en": "Saturday at eight.",
            "status": "published",
            "published_at_0": "2026-01-05",
            "published_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    written = Post.objects.get(slug="concert-in-berlin")
    assert written.is_public
    assert (written.title_en, written.title_de) == ("Concert in Berlin", "Konzert in Berlin")


def test_the_post_page_previews_the_email(editor_client, post):
    page = editor_client.get(f"/admin/news/post/{post.pk}/change/").content.decode()
    assert "List-Unsubscribe-Post" in page
    assert "List-Unsubscribe=One-Click" in page
    assert "Come to Paris on Friday." in page
    assert "To receive no more news, open this link (no login needed):" in page
    assert "Send a test to me (editor@example.org)" in page


def test_a_test_goes_to_the_staff_members_own_address(editor_client, post):
    response = editor_client.post(f"/admin/news/post/{post.pk}/send-test/", follow=True)
    assert "The test was sent to editor@example.org." in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject == "The exhibition opens"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    test = NewsSend.objects.get()
    assert (test.is_test, test.recipient_count, test.sent_count) == (True, 1, 1)


def test_a_test_refused_by_the_server_says_why(editor_client, post, smtp_server):
    smtp_server.replies["editor@example.org"] = ["451 4.7.1 Greylisted, try again later"]
    response = editor_client.post(f"/admin/news/post/{post.pk}/send-test/", follow=True)
    assert (
        "The test could not be sent to editor@example.org: 451 4.7.1 Greylisted, try again later"
        in response.content.decode()
    )
    assert NewsEmail.objects.get().status == NewsEmail.Status.FAILED


def test_a_draft_can_be_tested(editor_client):
    draft = PostFactory(status=Post.Status.DRAFT)
    editor_client.post(f"/admin/news/post/{draft.pk}/send-test/")
    assert len(mail.outbox) == 1


def test_a_test_that_cannot_be_sent_says_why(editor_client, post, settings, free_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port, 2
    response = editor_client.post(f"/admin/news/post/{post.pk}/send-test/", follow=True)
    assert response.status_code == 200
    assert (
        "The test could not be sent to editor@example.org: ConnectionRefusedError"
        in response.content.decode()
    )
    test = NewsEmail.objects.get()
    assert (test.status, test.claim) == (NewsEmail.Status.FAILED, None)


def test_staff_see_how_many_people_a_sending_reaches_before_confirming(
    editor_client, post, petitions, django_capture_on_commit_callbacks
):
    send_page = f"/admin/news/post/{post.pk}/send/"
    page = editor_client.get(send_page).content.decode()
    assert "Truth" in page and "Justice" in page

    chosen = [petition.pk for petition in petitions]
    page = editor_client.post(send_page, {"petitions": chosen, "count": "1"}).content.decode()
    assert "This post will be sent to 2 people." in page
    assert not NewsSend.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(send_page, {"petitions": chosen, "confirm": "1"})
    send = NewsSend.objects.get()
    assert response.url == f"/admin/news/newssend/{send.pk}/change/"
    assert send.recipient_count == 2
    assert send.started_by.username == "editor"
    assert sorted(message.to[0] for message in mail.outbox) == [
        "leyla@example.org",
        "zoe@example.org",
    ]  # without a broker (nor beat) the outbox sends them all at once

    page = editor_client.get(response.url).content.decode()
    assert "2 sent · 0 failed" in page
    assert "Truth, Justice" in page or "Justice, Truth" in page


def test_without_a_broker_a_sending_is_sent_whole_at_once(
    editor_client, post, petitions, settings, django_capture_on_commit_callbacks
):
    settings.NEWS_EMAILS_PER_MINUTE = 12  # one email a run, were a beat to run
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            f"/admin/news/post/{post.pk}/send/",
            {"petitions": [petition.pk for petition in petitions], "confirm": "1"},
        )
    assert len(mail.outbox) == 2
    assert NewsSend.objects.get().finished_at is not None


def test_a_second_sending_tells_who_already_received_the_post(editor_client, post, petitions):
    send_page = f"/admin/news/post/{post.pk}/send/"
    editor_client.post(send_page, {"petitions": [petitions[0].pk], "confirm": "1"})
    page = editor_client.post(
        send_page, {"petitions": [petitions[1].pk], "count": "1"}
    ).content.decode()
    assert "This post will be sent to 1 person." in page
    assert "1 more already received it." in page


def test_choosing_no_petition_is_a_form_error(editor_client, post):
    response = editor_client.post(f"/admin/news/post/{post.pk}/send/", {"confirm": "1"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not NewsSend.objects.exists()


def test_a_draft_cannot_be_sent(editor_client, petitions):
    draft = PostFactory(status=Post.Status.DRAFT, campaign=petitions[0].campaign)
    response = editor_client.post(
        f"/admin/news/post/{draft.pk}/send/", {"petitions": [petitions[0].pk], "confirm": "1"}
    )
    assert response.status_code == 200
    assert "Only a published post can be sent" in response.content.decode()
    assert not NewsSend.objects.exists()


def test_only_those_allowed_to_send_may_send(client, post, petitions):
    client.force_login(UserFactory(permissions=["news.view_post", "news.change_post"]))
    assert client.get(f"/admin/news/post/{post.pk}/send/").status_code == 403
    assert client.post(f"/admin/news/post/{post.pk}/send-test/").status_code == 403
    assert (
        "Send a test to me"
        not in client.get(f"/admin/news/post/{post.pk}/change/").content.decode()
    )
    assert mail.outbox == []


def test_a_sending_in_progress_reloads_its_page_and_can_be_stopped(editor_client, post, petitions):
    send = services.news_send_start(
        post=post, petitions=petitions, started_by=UserFactory(username="someone")
    )
    page = editor_client.get(f"/admin/news/newssend/{send.pk}/change/").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "0 sent · 0 failed · 2 waiting" in page
    listing = editor_client.get("/admin/news/newssend/").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in listing

    editor_client.post("/admin/news/newssend/", {"action": "stop", "_selected_action": [send.pk]})
    send.refresh_from_db()
    assert (send.finished_at is not None, send.cancelled_count) == (True, 2)
    page = editor_client.get(f"/admin/news/newssend/{send.pk}/change/").content.decode()
    assert "http-equiv" not in page


def test_an_unknown_sending_is_not_a_server_error(editor_client):
    response = editor_client.get("/admin/news/newssend/nonsense/change/")
    assert response.status_code == 302
