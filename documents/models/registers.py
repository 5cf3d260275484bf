"""Registers (sổ văn bản): one numbering series per organization, direction and year."""

from django.db import models

from documents.literals import Direction
from documents.models.catalog import DocumentType


class Register(models.Model):
    """Sổ đăng ký văn bản: one numbering series per organization, direction and year."""

    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="registers"
    )
    direction = models.CharField("loại sổ", max_length=3, choices=Direction.choices)
    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên sổ", max_length=150)
    document_types = models.ManyToManyField(
        DocumentType, verbose_name="loại văn bản", blank=True, related_name="registers",
        help_text="Để trống: sổ dùng cho mọi loại văn bản chưa có sổ riêng.",
    )
    is_secret = models.BooleanField("sổ văn bản mật", default=False)
    # The counter row: locked with SELECT ... FOR UPDATE by the number-assignment service.
    last_number = models.PositiveIntegerField("số đã cấp gần nhất", default=0, editable=False)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "sổ văn bản"
        verbose_name_plural = "sổ văn bản"
        ordering = ["organization__name", "-year", "direction", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "direction", "year", "name"], name="register_name_unique_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year} — {self.organization.short_name}"
