"""Key custody: where a signer's private key lives, and the signature or seal image that goes with it."""

from django.db import models
from django.db.models import Q

from signatures.models.certificates import Certificate


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
    # A PKCS#12 encrypted under the holder's PIN (PBES2, AES-256, QLVB_KEY_KDF_ITERATIONS rounds),
    # itself sealed (AES-256-GCM) under the key-encryption key, which is not in the database
    # (signatures.pki.kek). Never kept or logged in clear.
    pkcs12 = models.BinaryField("kho khóa PKCS#12 (đã mã hóa)", null=True, blank=True, editable=False)
    # The id of the key-encryption key the store is sealed under; blank: a store of the old format
    # (a bare PKCS#12), which `manage.py keys_rotate_kek` seals.
    kek_id = models.CharField("mã khóa mã hóa khóa (KEK)", max_length=16, blank=True, editable=False)
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
