"""The CA's public endpoints (no login): CRLs, the OCSP responder and CA certificates.

These are the URLs embedded in the certificates the hosted CA issues (QLVB_PKI_BASE_URL).
"""

import base64
import binascii

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from signatures.services.publication import PkiNotInitialized, ca_certificate_der, crl_der, ocsp_response_der

MAX_OCSP_REQUEST = 16 * 1024


def _der(data: bytes, content_type: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@never_cache
def crl(request: HttpRequest, ca_slug: str) -> HttpResponse:
    try:
        return _der(crl_der(ca_slug), "application/pkix-crl", f"{ca_slug}.crl")
    except (LookupError, PkiNotInitialized):
        raise Http404("Không có danh sách chứng thư số bị thu hồi này.") from None


@require_GET
def ca_certificate(request: HttpRequest, ca_slug: str) -> HttpResponse:
    try:
        return _der(ca_certificate_der(ca_slug), "application/pkix-cert", f"{ca_slug}.cer")
    except (LookupError, PkiNotInitialized):
        raise Http404("Không có chứng thư số CA này.") from None


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def ocsp(request: HttpRequest, encoded: str = "") -> HttpResponse:
    """RFC 6960: the DER request POSTed as application/ocsp-request, or base64 in the GET path."""
    if request.method == "POST":
        body = request.body
    else:
        try:
            body = base64.b64decode(encoded, validate=False)
        except (binascii.Error, ValueError):
            return HttpResponseBadRequest("Yêu cầu OCSP không hợp lệ.")
    if not 0 < len(body) <= MAX_OCSP_REQUEST:
        return HttpResponseBadRequest("Yêu cầu OCSP không hợp lệ.")
    try:
        return _der(ocsp_response_der(body), "application/ocsp-response")
    except PkiNotInitialized:
        raise Http404("Hệ thống chưa khởi tạo tổ chức chứng thực.") from None
