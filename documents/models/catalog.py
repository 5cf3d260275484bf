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


class ElectronicOnlyEntry(models.Model):
    """One organization's line of the e-only catalogue (danh mục văn bản điện tử, 775/VPCP-KSTT): whether
    a document type travels only electronically, without a paper copy, for that organization.

    An organization with no line for a type follows the type's `electronic_only` (the deployment's
    starting set), and a type of the starting set is "to review" until an administrator confirms it.
    """

    organization = models.ForeignKey("qlvb.Organization", on_delete=models.CASCADE, related_name="+")
    document_type = models.ForeignKey(DocumentType, on_delete=models.CASCADE, related_name="+")
    electronic_only = models.BooleanField("chỉ gửi điện tử")
    needs_review = models.BooleanField("cần rà soát", default=False)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    changed_by = models.ForeignKey("qlvb.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "dòng danh mục văn bản điện tử"
        verbose_name_plural = "danh mục văn bản điện tử"
        constraints = [
            models.UniqueConstraint(fields=["organization", "document_type"], name="electronic_only_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document_type}: {'chỉ điện tử' if self.electronic_only else 'được gửi giấy'}"
