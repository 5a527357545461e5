from django.urls import path

from . import api, sharing, views

app_name = "petitions"

urlpatterns = [
    path("p/", views.petition_list, name="list"),
    path("p/<slug:slug>/", views.petition_detail, name="detail"),
    path("p/<slug:slug>/signed/", views.petition_signed, name="signed"),
    path("p/<slug:slug>/stats/", views.petition_stats, name="stats"),
    path("p/<slug:slug>/share.png", sharing.petition_share_image, name="share-image"),
    path("embed/<slug:slug>/", sharing.petition_embed, name="embed"),
    path("embed/<slug:slug>/signed/", sharing.petition_embed_signed, name="embed-signed"),
    path("verify/<str:token>/", views.signature_verify, name="verify"),
    path("verify/<str:token>/resend/", views.verification_resend, name="verification-resend"),
    path("withdraw/<str:token>/", views.signature_withdraw, name="withdraw"),
    path("privacy/", views.privacy_notice, name="privacy"),
]

api_urlpatterns = [
    path("petitions/", api.PetitionListApi.as_view(), name="petition-list"),
    path("petitions/<slug:slug>/", api.PetitionDetailApi.as_view(), name="petition-detail"),
    path("petitions/<slug:slug>/count/", api.PetitionCountApi.as_view(), name="petition-count"),
    path(
        "petitions/<slug:slug>/signature-counts/",
        api.SignatureCountsExportApi.as_view(),
        name="signature-counts",
    ),
    path(
        "petitions/<slug:slug>/signer-exports/",
        api.SignerExportCreateApi.as_view(),
        name="signer-export-create",
    ),
    path("signer-exports/<int:pk>/", api.SignerExportDetailApi.as_view(), name="signer-export"),
    path(
        "signer-exports/<int:pk>/download/",
        api.SignerExportDownloadApi.as_view(),
        name="signer-export-download",
    ),
    path(
        "petitions/<slug:slug>/signatures-by-day/",
        api.SignaturesByDayApi.as_view(),
        name="signatures-by-day",
    ),
    path(
        "petitions/<slug:slug>/signatures/",
        api.SignatureCreateApi.as_view(),
        name="signature-create",
    ),
    path("altcha/challenge/", api.AltchaChallengeApi.as_view(), name="altcha-challenge"),
    path("verifications/<str:token>/", api.VerificationApi.as_view(), name="verification"),
]
