"""URLs of the outgoing-document screens, mounted at /van-ban/di/ (login required)."""

from django.urls import path

from .views_outgoing import drafting, files, issuing, lists, review, signing, tracking

app_name = "outgoing"

urlpatterns = [
    path("", lists.outgoing_document_list, name="list"),
    path("soan-thao/", drafting.draft_create, name="create"),
    path("noi-nhan/", drafting.recipient_options, name="recipient-options"),
    path("<int:pk>/", drafting.document_page, name="detail"),
    path("<int:pk>/phien-ban/", drafting.version_add, name="version-add"),
    path("<int:pk>/gop-y/", drafting.comment_add, name="comment-add"),
    path("<int:pk>/trinh/", drafting.submit, name="submit"),
    path("<int:pk>/chuyen-doi/", drafting.conversion_progress, name="conversion"),
    path("<int:pk>/tep/<int:file_id>/trang-<int:page>.png", files.page_image, name="page-image"),
    path("<int:pk>/kiem-tra/", review.review, name="review"),
    path("<int:pk>/ky/", signing.sign, name="sign"),
    path("<int:pk>/ky-thiet-bi/", signing.external_prepare, name="external-prepare"),
    path("<int:pk>/ky-thiet-bi/<uuid:session_id>/", signing.external_complete, name="external"),
    path("<int:pk>/phat-hanh/", issuing.issue, name="issue"),
    path("<int:pk>/phat-hanh/ky-so-co-quan/", issuing.seal, name="seal"),
    path("<int:pk>/phat-hanh/gui/", issuing.dispatch, name="dispatch"),
    path("<int:pk>/theo-doi/", tracking.tracking, name="tracking"),
    path("<int:pk>/theo-doi/gui-lai/<int:outbound_id>/", tracking.retry, name="retry"),
    path("<int:pk>/thu-hoi/", tracking.recall, name="recall"),
]
