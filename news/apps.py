from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Campaign news")

    def ready(self):
        from petitions.signals import personal_data_erased, personal_data_exported

        from .services.personal_data import news_personal_data, news_personal_data_erase

        personal_data_exported.connect(news_personal_data, dispatch_uid="news")
        personal_data_erased.connect(news_personal_data_erase, dispatch_uid="news")
