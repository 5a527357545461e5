from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin

from config.admin import ReadOnlyAdmin, RefusesBadListFilters
from petitions.models import Petition

from . import selectors, services, tasks
from .models import NewsEmail, NewsSend, NewsUnsubscription, Post
from .services.emails import news_email_preview

SEND_PERMISSION = "news.send_post"


class NewsSendForm(forms.Form):
    petitions = forms.ModelMultipleChoiceField(
        label=_("To the signers of"),
        queryset=Petition.objects.order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Verified signers who asked for campaign news; one email per person, however many "
            "of these petitions he or she signed, and none to those this post already reached."
        ),
    )


@admin.register(Post)
class PostAdmin(RefusesBadListFilters, TabbedTranslationAdmin):
    """News posts, their title and text in a tab per language; sent by email from here."""

    list_display = ["title", "campaign", "status", "published_at"]
    list_filter = ["status", "campaign"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    list_select_related = ["campaign"]
    fields = [
        "campaign",
        "title",
        "slug",
        "text",
        "image",
        "image_description",
        "status",
        "published_at",
    ]
    change_form_template = "admin/news/post/change_form.html"

    def has_send_permission(self, request):
        return request.user.has_perm(SEND_PERMISSION)

    def get_urls(self):
        return [
            path(
                "<int:post_id>/send-test/",
                self.admin_site.admin_view(self.test_send_view),
                name="news_post_test_send",
            ),
            path(
                "<int:post_id>/send/",
                self.admin_site.admin_view(self.send_view),
                name="news_post_send",
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            headers, body = news_email_preview(obj)
            context["email_preview"] = {"headers": headers, "body": body}
            context["can_send"] = self.has_send_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def test_send_view(self, request, post_id):
        """Send the post's email to the staff member's own address, now."""
        if not self.has_send_permission(request):
            raise PermissionDenied
        post = get_object_or_404(Post, pk=post_id)
        change_url = reverse("admin:news_post_change", args=[post.pk])
        if request.method != "POST":
            return redirect(change_url)
        try:
            email = services.news_test_send(post=post, user=request.user)
        except services.NewsSendRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(change_url)
        if email.status == NewsEmail.Status.SENT:
            self.message_user(
                request, _("The test was sent to %(email)s.") % {"email": email.email}
            )
        else:
            self.message_user(
                request,
                _("The test could not be sent to %(email)s: %(reason)s")
                % {"email": email.email, "reason": email.failure},
                messages.ERROR,
            )
        return redirect(change_url)

    def send_view(self, request, post_id):
        """Choose petitions, see how many people the post reaches, then start sending it."""
        if not self.has_send_permission(request):
            raise PermissionDenied
        post = get_object_or_404(Post, pk=post_id)
        if request.method == "POST":
            form = NewsSendForm(request.POST)
        else:
            form = NewsSendForm(initial={"petitions": post.campaign.petitions.all()})
        counts = None
        if form.is_valid():
            petitions = form.cleaned_data["petitions"]
            if "confirm" in request.POST:
                try:
                    send = services.news_send_start(
                        post=post, petitions=petitions, started_by=request.user
                    )
                except services.NewsSendRefused as refusal:
                    form.add_error(None, str(refusal))
                else:
                    tasks.news_emails_send_soon()
                    self.message_user(
                        request,
                        ngettext(
                            "Sending to %(count)d person.",
                            "Sending to %(count)d people.",
                            send.recipient_count,
                        )
                        % {"count": send.recipient_count},
                    )
                    return redirect("admin:news_newssend_change", send.pk)
            else:
                counts = selectors.news_recipient_counts(post=post, petitions=petitions)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send “%(title)s” by email") % {"title": post.title},
            "opts": self.opts,
            "original": post,
            "form": form,
            "counts": counts,
            "can_send_post": post.is_public,
        }
        return TemplateResponse(request, "admin/news/post/send.html", context)


@admin.register(NewsSend)
class NewsSendAdmin(ReadOnlyAdmin):
    """The record of every sending: who sent which post to whom, how many, and how it goes.

    A page with a sending in progress reloads itself, so that its counts move.
    """

    list_display = [
        "started_at",
        "post",
        "recipients",
        "started_by",
        "recipient_count",
        "progress",
        "finished_at",
    ]
    list_filter = ["is_test", "post"]
    list_select_related = ["post", "started_by"]
    date_hierarchy = "started_at"
    fields = [
        "post",
        "recipients",
        "started_by",
        "started_at",
        "recipient_count",
        "progress",
        "finished_at",
        "failures",
    ]
    readonly_fields = fields
    actions = ["stop"]
    change_list_template = "admin/news/newssend/change_list.html"
    change_form_template = "admin/news/newssend/change_form.html"
    reload_seconds = 5

    def has_send_permission(self, request):
        return request.user.has_perm(SEND_PERMISSION)

    @admin.display(description=pgettext_lazy("email recipients", "to"))
    def recipients(self, send):
        if send.is_test:
            return _("Test to the sender")
        return ", ".join(petition.title for petition in send.petitions.all())

    @admin.display(description=_("progress"))
    def progress(self, send):
        progress = selectors.news_send_progress(send)
        parts = [
            _("%(count)d sent") % {"count": progress.sent},
            _("%(count)d failed") % {"count": progress.failed},
        ]
        if progress.cancelled:
            parts.append(_("%(count)d cancelled") % {"count": progress.cancelled})
        if progress.waiting:
            parts.append(_("%(count)d waiting") % {"count": progress.waiting})
        return " · ".join(parts)

    @admin.display(description=_("failures"))
    def failures(self, send):
        failed = selectors.news_send_failures(send)
        if not failed:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: {}</li>", ((e.email, e.failure) for e in failed)),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("petitions")

    @admin.action(
        description=_("Stop sending (cancel the emails not sent yet)"), permissions=["send"]
    )
    def stop(self, request, queryset):
        cancelled = sum(services.news_send_stop(send=send) for send in queryset)
        services.news_sends_finish()
        self.message_user(
            request,
            ngettext("%(count)d email cancelled.", "%(count)d emails cancelled.", cancelled)
            % {"count": cancelled},
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "reload_seconds": self.reload_seconds
            if NewsSend.objects.filter(finished_at__isnull=True).exists()
            else None,
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        send = self.get_object(request, object_id)  # None for an id that is no sending
        unfinished = send is not None and send.finished_at is None
        extra_context = {
            **(extra_context or {}),
            "reload_seconds": self.reload_seconds if unfinished else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(NewsUnsubscription)
class NewsUnsubscriptionAdmin(ReadOnlyAdmin):
    """Who asked for no more news, and when: read-only, written by the unsubscribe links."""

    list_display = ["email_normalized", "unsubscribed_at"]
    search_fields = ["email_normalized"]
    date_hierarchy = "unsubscribed_at"
