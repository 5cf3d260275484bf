"""Signatures made: the record of each signature added to a file version, and the sessions of
signatures prepared for a key outside the server."""

import uuid

from django.db import models

from signatures.models.certificates import Certificate
from signatures.models.keys import SigningKey


class SignatureRecord(models.Model):
    """One signature added by the system: which file version it made, from which, by whom, with what key."""

    class Kind(models.TextChoices):
        LEADER = "leader", "Chữ ký số của người có thẩm quyền"
        SEAL = "seal", "Chữ ký số của cơ quan, tổ chức"
        ATTACHMENT = "attachment", "Chữ ký số của cơ quan trên tệp kèm theo"

    kind = models.CharField("loại chữ ký", max_length=12, choices=Kind.choices)
    document = models.ForeignKey(
        "documents.Document", verbose_name="văn bản", on_delete=models.CASCADE, related_name="signature_records"
    )
    source_file = models.ForeignKey(
        "documents.DocumentFile", verbose_name="tệp trước khi ký", on_delete=models.PROTECT, related_name="+"
    )
    signed_file = models.OneToOneField(
        "documents.DocumentFile", verbose_name="tệp đã ký", on_delete=models.PROTECT,
        related_name="signature_record",
    )
    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(
        "qlvb.User", verbose_name="người thực hiện", on_delete=models.PROTECT, related_name="signatures_made"
    )
    on_behalf_of = models.ForeignKey(
        "qlvb.User", verbose_name="ký thay cho", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    signing_key = models.ForeignKey(
        SigningKey, verbose_name="khóa ký số", on_delete=models.PROTECT, related_name="signatures"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name="chứng thư số", on_delete=models.PROTECT, related_name="signatures"
    )
    field_name = models.CharField("tên trường chữ ký", max_length=100)
    signing_time = models.DateTimeField("thời điểm ký")
    level = models.CharField("mức PAdES", max_length=5)
    sha256 = models.CharField("SHA-256 của tệp đã ký", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chữ ký số đã thực hiện"
        verbose_name_plural = "chữ ký số đã thực hiện"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.signed_file}"


class ExternalSigningSession(models.Model):
    """A signature prepared for a key outside the server, waiting for the signed digest."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        "qlvb.User", verbose_name="người ký", on_delete=models.CASCADE, related_name="external_sessions"
    )
    on_behalf_of = models.ForeignKey(
        "qlvb.User", verbose_name="ký thay cho", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    source_file = models.ForeignKey(
        "documents.DocumentFile", verbose_name="tệp cần ký", on_delete=models.CASCADE, related_name="+"
    )
    signing_key = models.ForeignKey(
        SigningKey, verbose_name="khóa ký số", on_delete=models.CASCADE, related_name="external_sessions"
    )
    # signatures.pdf.external.ExternalSession.to_dict(): the prepared PDF and signed attributes.
    state = models.JSONField("trạng thái phiên ký", default=dict, editable=False)
    digest = models.CharField("giá trị băm cần ký (base64)", max_length=64)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc", db_index=True)
    completed_at = models.DateTimeField("hoàn tất lúc", null=True, blank=True)
    signed_file = models.ForeignKey(
        "documents.DocumentFile", verbose_name="tệp đã ký", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "phiên ký số bên ngoài"
        verbose_name_plural = "phiên ký số bên ngoài"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.source_file} ({self.created_at:%d/%m/%Y %H:%M})"
