"""Notices: short messages the system leaves for a person, shown on "Việc của tôi" until read.

They tell people what changed around them without them asking, e.g. that someone's rights to a
document or a hồ sơ changed: the person who had access and the clerk are warned, and the warning
stays until they confirm it (Phụ lục VI III.3.c).
"""

from django.db import models


class Notice(models.Model):
    class Kind(models.TextChoices):
        RIGHTS_CHANGED = "rights_changed", "Thay đổi quyền truy cập"
        RECORDS = "records", "Hồ sơ, lưu trữ"

    user = models.ForeignKey("qlvb.User", verbose_name="người nhận", on_delete=models.CASCADE,
                             related_name="notices")
    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    text = models.CharField("nội dung", max_length=500)
    url = models.CharField("đường dẫn", max_length=300, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
