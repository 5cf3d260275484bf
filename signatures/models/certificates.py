"""The trust store: the certificates the system knows (trusted roots, intermediate CAs, signers')."""

from django.db import models
from django.utils import timezone


class Certificate(models.Model):
    """A certificate the system knows: trusted roots, intermediate CAs, signers' certificates.

    Immutable once imported, except for revocation by the CA this system runs (or a local
    mark that stops anyone signing with it here).
    """

    class Kind(models.TextChoices):
        TRUST_ANCHOR = "trust_anchor", "CA gốc tin cậy"
        INTERMEDIATE = "intermediate", "CA trung gian"
        PERSONAL = "personal", "Chứng thư số cá nhân"
        ORGANIZATION = "organization", "Chứng thư số cơ quan, tổ chức"
        SERVICE = "service", "Chứng thư số dịch vụ (TSA, OCSP)"

    class RevocationReason(models.TextChoices):
        UNSPECIFIED = "unspecified", "Không nêu lý do"
        KEY_COMPROMISE = "key_compromise", "Lộ khóa bí mật"
        AFFILIATION_CHANGED = "affiliation_changed", "Thay đổi nơi công tác"
        SUPERSEDED = "superseded", "Được thay thế bằng chứng thư số mới"
        CESSATION_OF_OPERATION = "cessation_of_operation", "Thôi sử dụng"

    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    der = models.BinaryField("nội dung (DER)", editable=False)
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True, editable=False)
    serial = models.CharField("số hiệu", max_length=64, editable=False)
    subject = models.CharField("chủ thể", max_length=1000, editable=False)
    subject_cn = models.CharField("tên chủ thể", max_length=300, editable=False)
    issuer = models.CharField("tổ chức cấp", max_length=1000, editable=False)
    issuer_cn = models.CharField("tên tổ chức cấp", max_length=300, editable=False)
    not_before = models.DateTimeField("hiệu lực từ", editable=False)
    not_after = models.DateTimeField("hiệu lực đến", editable=False)
    key_usage = models.JSONField("mục đích sử dụng khóa", default=list, editable=False)
    extended_key_usage = models.JSONField("mục đích mở rộng", default=list, editable=False)
    is_ca = models.BooleanField("là CA", default=False, editable=False)
    user = models.ForeignKey(
        "qlvb.User", verbose_name="người được cấp", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="certificates",
    )
    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan được cấp", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="certificates",
    )
    revoked_at = models.DateTimeField("thu hồi từ", null=True, blank=True, editable=False)
    revocation_reason = models.CharField(
        "lý do thu hồi", max_length=30, choices=RevocationReason.choices, blank=True, editable=False
    )
    imported_at = models.DateTimeField("nhập lúc", default=timezone.now, editable=False)
    imported_by = models.ForeignKey(
        "qlvb.User", verbose_name="người nhập", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )

    class Meta:
        verbose_name = "chứng thư số"
        verbose_name_plural = "chứng thư số"
        ordering = ["kind", "subject_cn"]
        indexes = [
            models.Index(fields=["issuer", "serial"]),
            models.Index(fields=["kind", "revoked_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject_cn or self.subject} (số hiệu {self.serial[:16]})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
