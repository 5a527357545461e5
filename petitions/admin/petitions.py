"""Petitions and declarations in the admin: their texts per language, addressees, milestones."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminBigIntegerFieldWidget
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from config.admin import RefusesBadListFilters

from .. import selectors
from ..antiabuse.admin import PetitionSigningRateAdminMixin
from ..models import Addressee, Milestone, Petition
from ..reporting.admin import PetitionExportsAdminMixin

# Goals and thresholds run to millions: Django's integer input shows five digits.
WIDE_NUMBERS = {models.PositiveIntegerField: {"widget": AdminBigIntegerFieldWidget}}


class AddresseeInline(TranslationTabularInline):
    model = Addressee
    extra = 1


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1
    formfield_overrides = WIDE_NUMBERS
    fields = ["threshold", "reached_at", "notified_at"]
    readonly_fields = ["reached_at", "notified_at"]


@admin.register(Petition)
class PetitionAdmin(
    RefusesBadListFilters,
    PetitionExportsAdminMixin,
    PetitionSigningRateAdminMixin,
    TabbedTranslationAdmin,
):
    """Petitions, their title and text in a tab per language; the embed's snippet."""

    list_display = [
        "title",
        "kind",
        "state",
        "under_attack",
        "campaign",
        "goal",
        "verified_signatures",
        "opens_at",
        "closes_at",
    ]
    list_filter = ["kind", "state", "campaign", "under_attack"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["verified_signatures", "closed_at", "signatures_anonymized_at"]
    inlines = [AddresseeInline, MilestoneInline]
    formfield_overrides = WIDE_NUMBERS

    def get_changelist_instance(self, request):
        # The page's counts in one round trip, not one per row.
        changelist = super().get_changelist_instance(request)
        counts = selectors.petition_counts(petition_ids=[p.pk for p in changelist.result_list])
        for petition in changelist.result_list:
            petition.verified_signature_count = counts[petition.pk].signature_count
        return changelist

    @admin.display(description=_("verified signatures"))
    def verified_signatures(self, petition):
        if petition.pk is None:
            return 0
        if hasattr(petition, "verified_signature_count"):
            return petition.verified_signature_count
        return selectors.petition_count(petition_id=petition.pk).signature_count


@admin.register(Milestone)
class MilestoneAdmin(RefusesBadListFilters, admin.ModelAdmin):
    """Thresholds on their own page, so organizers may set them without editing petitions."""

    list_display = ["petition", "threshold", "reached_at", "notified_at"]
    list_filter = ["petition"]
    list_select_related = ["petition"]
    fields = ["petition", "threshold", "reached_at", "notified_at"]
    readonly_fields = ["reached_at", "notified_at"]
    formfield_overrides = WIDE_NUMBERS
