"""Chứng thư số sắp hết hạn: a signing certificate expires within the threshold (or has expired)."""

from __future__ import annotations

from qlvb.access import memberships

from .. import conf
from ..models import Severity
from ..selectors import expiring_certificates
from .base import Category, Finding, Rule, local


class CertificateExpiring(Rule):
    code = "certificate_expiring"
    label = "Chứng thư số sắp hết hạn"
    category = Category.SYSTEM

    def description(self) -> str:
        return f"Chứng thư số ký văn bản của cá nhân hoặc cơ quan hết hạn trong {conf.get('CERTIFICATE_EXPIRY_DAYS')} ngày tới."

    def findings(self, *, now):
        for certificate in expiring_certificates(now=now):
            org_id = certificate.organization_id
            if org_id is None and certificate.user_id:
                org_id = memberships(certificate.user).values_list("organization_id", flat=True).first()
            days = (certificate.not_after - now).days
            expired = certificate.not_after <= now
            owner = certificate.user or certificate.organization or certificate.subject_cn
            yield Finding(
                key=f"certificate:{certificate.pk}",
                severity=Severity.CRITICAL if expired or days < 7 else Severity.WARNING,
                title=(f"Chứng thư số {'đã hết hạn' if expired else f'còn {days} ngày'}: {owner}")[:300],
                organization_id=org_id,
                detail=(f"{certificate.subject_cn}, số hiệu {certificate.serial[:20]}, do {certificate.issuer_cn} cấp; "
                        f"hiệu lực đến {local(certificate.not_after)}. Đề nghị gia hạn hoặc cấp mới."),
            )
