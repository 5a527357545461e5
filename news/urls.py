from django.urls import path, re_path

from . import views
from .feeds import NewsFeed

app_name = "news"

urlpatterns = [
    path("news/", views.post_list, name="list"),
    path("news/feed/", NewsFeed(), name="feed"),
    path("news/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("news/<slug:slug>/", views.post_detail, name="detail"),
]

# Files, the same in every language: outside the language prefix. Only names as
# models.news_image_name makes them (hex and the file's suffix) reach the database.
file_urlpatterns = [
    re_path(r"^news/images/(?P<name>[0-9a-f]{32}\.[a-z0-9]+)$", views.post_image, name="image"),
]
