from django.contrib import admin

from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "website_url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
