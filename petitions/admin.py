from django.contrib import admin

from .admin_exports import MilestoneInline, PetitionExportsAdminMixin
from .models import Addressee, Petition, Signature


class AddresseeInline(admin.TabularInline):
    model = Addressee
    extra = 1


@admin.register(Petition)
class PetitionAdmin(PetitionExportsAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "state", "campaign", "goal", "opens_at", "closes_at"]
    list_filter = ["kind", "state", "campaign"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AddresseeInline, MilestoneInline]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "country", "city", "petition", "created_at", "verified_at"]
    list_filter = ["petition", "country"]
    search_fields = ["name", "email_normalized", "city"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Signature._meta.fields]
    list_select_related = ["petition"]
