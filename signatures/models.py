"""The trust store, key custody, signatures made, external signing sessions and verifications."""

import uuid

from django.db import models
from django.db.models import Q
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


class SigningKey(models.Model):
    """Where the private key of a certificate lives and how it is unlocked.

    * server: an encrypted PKCS#12 kept here, opened with the holder's PIN at signing time;
    * pkcs11: a token or HSM, found by token label and key label, opened with the token PIN;
    * external: the key never reaches the server (USB token agent, remote signing): two-phase.
    """

    class Custody(models.TextChoices):
        SERVER = "server", "Khóa lưu trên máy chủ (PKCS#12 mã hóa)"
        PKCS11 = "pkcs11", "Thiết bị ký số PKCS#11 (token, HSM)"
        EXTERNAL = "external", "Ký bên ngoài (USB token trên máy người dùng, ký từ xa)"

    custody = models.CharField("nơi giữ khóa", max_length=10, choices=Custody.choices)
    certificate = models.ForeignKey(
        Certificate, verbose_name="chứng thư số", on_delete=models.PROTECT, related_name="signing_keys"
    )
    user = models.ForeignKey(
        "qlvb.User", verbose_name="người ký", null=True, blank=True, on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan (chữ ký số của cơ quan)", null=True, blank=True,
        on_delete=models.PROTECT, related_name="signing_keys",
    )
    # Encrypted (PBES2, AES-256) under the holder's PIN; never kept or logged in clear.
    pkcs12 = models.BinaryField("kho khóa PKCS#12 (đã mã hóa)", null=True, blank=True, editable=False)
    token_label = models.CharField("nhãn token", max_length=100, blank=True)
    key_label = models.CharField("nhãn khóa", max_length=100, blank=True)
    module_path = models.CharField("thư viện PKCS#11", max_length=300, blank=True)
    is_active = models.BooleanField("đang dùng", default=True)
    failed_pin_attempts = models.PositiveSmallIntegerField("số lần nhập sai PIN liên tiếp", default=0)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        "qlvb.User", verbose_name="người tạo", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "khóa ký số"
        verbose_name_plural = "khóa ký số"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organization__isnull=True)
                | Q(user__isnull=True, organization__isnull=False),
                name="signing_key_one_holder",
            ),
            models.CheckConstraint(
                condition=~Q(custody="server") | Q(pkcs12__isnull=False),
                name="signing_key_server_has_store",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "is_active"]),
            models.Index(fields=["organization", "is_active"]),
        ]

    def __str__(self) -> str:
        holder = self.user or self.organization
        return f"{holder} — {self.get_custody_display()}"


class SignatureImage(models.Model):
    """The image a visible signature shows: a person's handwritten signature (blue) or an
    organization's seal (red), transparent PNG (Phụ lục I, Nghị định 30/2020)."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", "Ảnh chữ ký"
        SEAL = "seal", "Ảnh con dấu"

    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    user = models.OneToOneField(
        "qlvb.User", verbose_name="người ký", null=True, blank=True, on_delete=models.CASCADE,
        related_name="signature_image",
    )
    organization = models.OneToOneField(
        "qlvb.Organization", verbose_name="cơ quan", null=True, blank=True, on_delete=models.CASCADE,
        related_name="seal_image",
    )
    png = models.BinaryField("ảnh PNG", editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "ảnh chữ ký, con dấu"
        verbose_name_plural = "ảnh chữ ký, con dấu"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="signature", user__isnull=False, organization__isnull=True)
                | Q(kind="seal", user__isnull=True, organization__isnull=False),
                name="signature_image_holder_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.user or self.organization}"


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


class FileVerification(models.Model):
    """The result of checking every signature of one file version."""

    class Outcome(models.TextChoices):
        VALID = "valid", "Chữ ký số hợp lệ"
        INVALID = "invalid", "Có chữ ký số không hợp lệ"
        UNSIGNED = "unsigned", "Không có chữ ký số"
        UNREADABLE = "unreadable", "Không đọc được tệp PDF"

    document_file = models.ForeignKey(
        "documents.DocumentFile", verbose_name="tệp", on_delete=models.CASCADE, related_name="verifications"
    )
    checked_at = models.DateTimeField("kiểm tra lúc", default=timezone.now)
    outcome = models.CharField("kết quả", max_length=12, choices=Outcome.choices)
    valid = models.BooleanField("hợp lệ", default=False)
    # What the alerts read: at least one signature in the file is not valid.
    invalid_signature = models.BooleanField("có chữ ký không hợp lệ", default=False, db_index=True)
    signature_count = models.PositiveSmallIntegerField("số chữ ký", default=0)
    summary = models.TextField("tóm tắt")
    details = models.JSONField("chi tiết từng chữ ký", default=list)

    class Meta:
        verbose_name = "kết quả kiểm tra chữ ký số"
        verbose_name_plural = "kết quả kiểm tra chữ ký số"
        ordering = ["-checked_at", "-id"]
        get_latest_by = ["checked_at", "id"]
        indexes = [models.Index(fields=["document_file", "-checked_at"])]

    def __str__(self) -> str:
        return f"{self.document_file} — {self.get_outcome_display()}"
