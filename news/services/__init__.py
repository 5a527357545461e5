"""Campaign news: starting a sending, the outbox that sends it, and unsubscribing."""

from .sending import (
    NewsSendRefused,
    news_emails_send_due,
    news_send_start,
    news_send_stop,
    news_sends_finish,
    news_test_send,
)
from .unsubscribing import news_unsubscribe

__all__ = [
    "NewsSendRefused",
    "news_emails_send_due",
    "news_send_start",
    "news_send_stop",
    "news_sends_finish",
    "news_test_send",
    "news_unsubscribe",
]
