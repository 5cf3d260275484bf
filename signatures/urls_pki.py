"""The hosted CA's public URLs under /pki/ (no login): they are embedded in the certificates."""

from django.urls import path, re_path

from signatures import pki_views

app_name = "pki"

urlpatterns = [
    path("crl/<slug:ca_slug>.crl", pki_views.crl, name="crl"),
    path("ca/<slug:ca_slug>.cer", pki_views.ca_certificate, name="ca-certificate"),
    path("ocsp/", pki_views.ocsp, name="ocsp"),
    re_path(r"^ocsp/(?P<encoded>[A-Za-z0-9+/=%]+)$", pki_views.ocsp, name="ocsp-get"),
]
