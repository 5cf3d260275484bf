"""Corrections of a document's metadata after entry (Phụ lục VI III.7.c): each changed field with its
old and new value, who changed it, when and why. Rows are only ever added."""

from django.db import models

from documents.models.documents import Document


class MetadataChange(models.Model):
    """One field of one document changed by a person, as the history shows it (values as text)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="metadata_changes")
    field = models.CharField("trường thông tin", max_length=40)
    old = models.TextField("giá trị cũ", blank=True)
    new = models.TextField("giá trị mới", blank=True)
    reason = models.TextField("lý do")
    by = models.ForeignKey("qlvb.User", verbose_name="người sửa", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("sửa lúc")

    class Meta:
        verbose_name = "sửa thông tin văn bản"
        verbose_name_plural = "lịch sử sửa thông tin văn bản"
        ordering = ["document", "-at", "-id"]
        indexes = [models.Index(fields=["document", "-at"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.field}: {self.old} → {self.new}"
