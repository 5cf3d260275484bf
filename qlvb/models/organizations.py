"""Organizations (cơ quan, tổ chức) and their units (đơn vị)."""

import re

from django.core.exceptions import ValidationError
from django.db import models

# Mã định danh: XXX.YY.ZZ.Lnn — three digits, two, two, a level-1 letter and two digits.
ORGAN_ID_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def validate_organ_id(value: str) -> None:
    if not ORGAN_ID_RE.fullmatch(value or ""):
        raise ValidationError(
            "Mã định danh phải có dạng NNN.NN.NN.Lnn, ví dụ 000.00.00.G22.",
            code="invalid_organ_id",
        )


class Organization(models.Model):
    name = models.CharField("tên cơ quan", max_length=200)
    short_name = models.CharField(
        "tên viết tắt", max_length=30, help_text="Dùng trong ký hiệu văn bản, ví dụ VPCP, UBND, BTTTT."
    )
    organ_id = models.CharField(
        "mã định danh", max_length=13, unique=True, validators=[validate_organ_id]
    )
    parent = models.ForeignKey(
        "self", verbose_name="cơ quan cấp trên", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    hosted = models.BooleanField(
        "sử dụng hệ thống này", default=False,
        help_text="Bật nếu cơ quan làm việc trên hệ thống này; tắt nếu chỉ có trong danh bạ liên thông.",
    )
    # edXML contact fields (Organization block of the message header).
    organization_in_charge = models.CharField("cơ quan chủ quản", max_length=500, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    email = models.EmailField("thư điện tử", max_length=100, blank=True)
    telephone = models.CharField("điện thoại", max_length=20, blank=True)
    fax = models.CharField("fax", max_length=20, blank=True)
    website = models.CharField("trang thông tin điện tử", max_length=200, blank=True)
    place_name = models.CharField(
        "địa danh", max_length=50, blank=True, help_text="Địa danh ghi trên văn bản, ví dụ Hà Nội, Bắc Kạn."
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "cơ quan, tổ chức"
        verbose_name_plural = "cơ quan, tổ chức"
        ordering = ["name"]
        indexes = [models.Index(fields=["hosted", "name"])]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField("tên đơn vị", max_length=200)
    abbreviation = models.CharField(
        "viết tắt", max_length=20, help_text="Dùng trong ký hiệu công văn, ví dụ KSTT, VXNV."
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "abbreviation"], name="unit_abbreviation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization.short_name})"
