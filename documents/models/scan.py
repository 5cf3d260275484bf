"""A scan the clerk uploaded to have the paper-entry form filled from it (read by OCR in a worker)."""

from django.conf import settings
from django.db import models


class ScanReading(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ đọc bản quét"
        RUNNING = "running", "Đang đọc bản quét"
        DONE = "done", "Đã đọc bản quét"
        FAILED = "failed", "Không đọc được bản quét"

    organization = models.ForeignKey("qlvb.Organization", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to="scans/%Y/%m/")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.TextField(blank=True)
    fields = models.JSONField(default=dict, blank=True, help_text="The header fields read off the scan.")
    text = models.TextField(blank=True)
    seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", help_text="The document entered from this scan.")

    class Meta:
        verbose_name = "bản quét đọc tự động"
        verbose_name_plural = "bản quét đọc tự động"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"
