from django.urls import path

from . import views
from .feeds import NewsFeed

app_name = "news"

urlpatterns = [
    path("news/", views.post_list, name="list"),
    path("news/feed/", NewsFeed(), name="feed"),
    path("news/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("news/<slug:slug>/", views.post_detail, name="detail"),
]

# Files, the same in every language: outside the language prefix.
file_urlpatterns = [
    path("news/images/<path:name>", views.post_image, name="image"),
]
