from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Campaign news")

    def ready(self):
        from petitions.signals import (
            personal_data_erased,
            personal_data_exported,
            retention_applied,
            signature_withdrawn,
        )

        from .services.personal_data import (
            news_emails_cancel_withdrawn,
            news_emails_delete_expired,
            news_personal_data,
            news_personal_data_erase,
        )

        personal_data_exported.connect(news_personal_data, dispatch_uid="news")
        personal_data_erased.connect(news_personal_data_erase, dispatch_uid="news")
        signature_withdrawn.connect(news_emails_cancel_withdrawn, dispatch_uid="news")
        retention_applied.connect(news_emails_delete_expired, dispatch_uid="news")
