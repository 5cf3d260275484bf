"""Top-level URL configuration: each app mounts its own `urls.py`; nothing here imports an app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from qlvb import audit_viewer

audit_patterns = [
    path("", audit_viewer.audit_list, name="list"),
    path("<int:seq>/", audit_viewer.audit_detail, name="detail"),
    path("xuat.xlsx", audit_viewer.audit_export, name="export"),
    path("thong-ke-dang-nhap/", audit_viewer.sign_in_statistics, name="sign-in-stats"),
]

urlpatterns = [
    path("", include("documents.urls")),  # my work, /van-ban/, /van-ban/di/, /so-van-ban/, /tra-cuu/, /chu-ky/
    path("api/", include("documents.api.urls")),  # /api/documents/…, /api/outgoing/…
    path("", include("alerts.urls")),  # /canh-bao/…, /health/ and /metrics
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("tai-khoan/xac-thuc/", include("qlvb.second_factor_urls")),  # the second factor
    path("uy-quyen/", include("qlvb.delegation_urls")),  # delegations (ủy quyền)
    path("quan-tri/", admin.site.urls),
    path("nhat-ky/", include((audit_patterns, "audit"))),  # the audit viewer (administrators)
    path("", include("signatures.urls")),  # /pki/… (the hosted CA's CRL, OCSP, CA certificates)
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy runs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Browsers and tools that ask for /favicon.ico without reading the page's <link rel="icon">.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("qlvb/favicon.ico"))),
]

admin.site.site_header = "QLVB — Quản trị hệ thống"
admin.site.site_title = "QLVB"
admin.site.index_title = "Quản trị"
