"""Verification results: what checking every signature of a file version found."""

from django.db import models
from django.utils import timezone


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
