"""The document-type catalog."""

from django.db import models


class DocumentType(models.Model):
    class Group(models.TextChoices):
        ADMINISTRATIVE = "administrative", "Văn bản hành chính"
        LEGAL = "legal", "Văn bản quy phạm pháp luật"
        COPY = "copy", "Bản sao"

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên loại", max_length=100)
    abbreviation = models.CharField(
        "viết tắt", max_length=10, blank=True,
        help_text="Để trống với công văn và thư công: ký hiệu gồm tên cơ quan và đơn vị soạn thảo.",
    )
    group = models.CharField("nhóm", max_length=20, choices=Group.choices)
    electronic_only = models.BooleanField(
        "gửi điện tử, không kèm bản giấy", default=False,
        help_text="Theo danh mục văn bản gửi, nhận hoàn toàn dưới dạng điện tử (775/VPCP-KSTT).",
    )
    number_series = models.CharField(
        "dãy số", max_length=40, default="administrative",
        help_text="Các loại cùng dãy số dùng chung một sổ; văn bản quy phạm pháp luật có dãy riêng.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"
        ordering = ["group", "order", "name"]

    def __str__(self) -> str:
        return self.name
