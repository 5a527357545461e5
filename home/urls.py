from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="index"),
    path("signatures-map.svg", views.signatures_map, name="signatures-map"),
    path("share.png", views.share_image, name="share-image"),
]
