"""Every URL of the signatures app, in one place (qlvb/urls.py includes it once, at the root):

- ``pki:`` at ``/pki/`` — the hosted CA's public endpoints, no login: CRLs, the OCSP responder and
  the CA certificates. These URLs are written into the certificates the CA issues
  (QLVB_PKI_BASE_URL).

The pages and API that sign and check a document's file (``signatures:`` at ``/chu-ky/``) are
mounted by documents/urls.py: they work on documents' files, and the signatures app does not
import documents.
"""

from django.urls import include, path, re_path

from signatures.views import publication

pki_patterns = [
    path("crl/<slug:ca_slug>.crl", publication.crl, name="crl"),
    path("ca/<slug:ca_slug>.cer", publication.ca_certificate, name="ca-certificate"),
    path("ocsp/", publication.ocsp, name="ocsp"),
    re_path(r"^ocsp/(?P<encoded>[A-Za-z0-9+/=%]+)$", publication.ocsp, name="ocsp-get"),
]

urlpatterns = [
    path("pki/", include((pki_patterns, "pki"))),
]
