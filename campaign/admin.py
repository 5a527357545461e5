from django.contrib import admin
from django.contrib.admin.options import messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.filters import CountryFilter
from modeltranslation.admin import TabbedTranslationAdmin

from config.admin import RefusesBadListFilters

from . import selectors, services
from .forms import EventAdminForm
from .models import Campaign, CountryCoordinator, Event, MediaItem, Recognition


@admin.register(Campaign)
class CampaignAdmin(RefusesBadListFilters, TabbedTranslationAdmin):
    list_display = ["name", "start_date", "website_url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class EventCountryFilter(admin.SimpleListFilter):
    """The countries of the events this user can see, and no others."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = set(model_admin.get_queryset(request).order_by().values_list("country", flat=True))
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class EventTimeFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gte=now)
        if self.value() == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset


class MediaItemInline(admin.TabularInline):
    model = MediaItem.events.through
    extra = 1
    verbose_name = _("media item")
    verbose_name_plural = _("media items")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only these are offered, so a request for another media item fails validation.
        formset.form.base_fields["mediaitem"].queryset = selectors.media_items_linkable_to(
            obj, user=request.user
        )
        return formset


@admin.register(Event)
class EventAdmin(RefusesBadListFilters, TabbedTranslationAdmin):
    """Events; a country coordinator sees, adds and changes only his or her countries' events."""

    form = EventAdminForm
    list_display = [
        "title",
        "kind",
        "country",
        "city",
        "local_start",
        "status",
        "is_published",
        "organizer",
    ]
    list_filter = [
        EventCountryFilter,
        EventTimeFilter,
        "kind",
        "status",
        "is_published",
        "campaign",
    ]
    search_fields = ["title", "city", "venue", "organizer"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    list_select_related = ["campaign"]
    inlines = [MediaItemInline]
    actions = ["publish", "mark_held", "cancel"]
    fieldsets = [
        (None, {"fields": ["campaign", "title", "kind", "status", "is_published"]}),
        (_("Where"), {"fields": ["country", "city", "venue"]}),
        (_("When"), {"fields": ["time_zone", "starts_at", "ends_at"]}),
        (_("About"), {"fields": ["description", "info_url", "organizer", "attendance"]}),
    ]

    def get_queryset(self, request):
        return selectors.events_editable_by(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # Only the user's countries are offered, so a request for another fails validation.
        coordinated = selectors.countries_coordinated_by(request.user)
        form.base_fields["country"].choices = [("", "---------")] + sorted(
            ((code, countries.name(code)) for code in coordinated), key=lambda c: c[1]
        )
        return form

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, event):
        return timezone.localtime(event.starts_at, event.zone).strftime("%Y-%m-%d %H:%M %Z")

    @admin.action(description=_("Publish selected events"), permissions=["change"])
    def publish(self, request, queryset):
        published = services.events_publish(events=queryset)
        self._report(
            request,
            ngettext("%d event published.", "%d events published.", published) % published,
        )

    @admin.action(description=_("Mark selected events as held"), permissions=["change"])
    def mark_held(self, request, queryset):
        held = services.events_mark_held(events=queryset)
        self._report(
            request,
            ngettext("%d event marked as held.", "%d events marked as held.", held) % held,
            _("Events that have not started yet, or were cancelled, were left as they were.")
            if held < len(queryset)
            else None,
        )

    @admin.action(description=_("Cancel selected events"), permissions=["change"])
    def cancel(self, request, queryset):
        cancelled = services.events_cancel(events=queryset)
        self._report(
            request,
            ngettext("%d event cancelled.", "%d events cancelled.", cancelled) % cancelled,
            _("Events already held were left as they were.") if cancelled < len(queryset) else None,
        )

    def _report(self, request, done, left_alone=None):
        """Say what an action did and, if it left some events alone, why."""
        self.message_user(request, done, messages.SUCCESS)
        if left_alone:
            self.message_user(request, left_alone, messages.WARNING)


@admin.register(CountryCoordinator)
class CountryCoordinatorAdmin(RefusesBadListFilters, admin.ModelAdmin):
    list_display = ["user", "country_names"]
    list_filter = [("countries", CountryFilter)]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]

    @admin.display(description=_("countries"))
    def country_names(self, coordinator):
        return ", ".join(country.name for country in coordinator.countries)

    def get_readonly_fields(self, request, obj=None):
        # Another person is another appointment, not an edit of this one.
        return ["user"] if obj else []

    def save_model(self, request, obj, form, change):
        # Appointing also makes the user staff and a member of the coordinators' group.
        services.coordinator_appoint(user=obj.user, countries=obj.countries)


@admin.register(MediaItem)
class MediaItemAdmin(RefusesBadListFilters, TabbedTranslationAdmin):
    list_display = ["title", "kind", "language", "published_on", "url"]
    list_filter = ["kind", "language", ("countries", CountryFilter)]
    search_fields = ["title", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["events"]

    def get_queryset(self, request):
        return selectors.media_items_editable_by(request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "events":
            # Only the user's events are offered, so a request for another fails validation.
            kwargs["queryset"] = selectors.events_editable_by(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not selectors.manages_every_country(request.user):
            # A media item at none of the coordinator's events would be campaign-wide: staff's.
            events = form.base_fields["events"]
            events.required = True
            events.error_messages["required"] = _(
                "Choose one of your events at least: media presented at no event are left to "
                "campaign staff."
            )
        return form


@admin.register(Recognition)
class RecognitionAdmin(RefusesBadListFilters, TabbedTranslationAdmin):
    list_display = ["adopted_on", "body", "kind", "country", "document_title", "is_published"]
    list_filter = ["kind", ("country", CountryFilter), "is_published"]
    search_fields = ["body", "document_title", "summary"]
    date_hierarchy = "adopted_on"
