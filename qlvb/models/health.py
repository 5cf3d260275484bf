"""Heartbeats of background processes, so that a silent worker or beat can be noticed."""

from django.db import models


class Heartbeat(models.Model):
    process = models.CharField(max_length=50, unique=True)
    hostname = models.CharField(max_length=200, blank=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "nhịp hoạt động"
        verbose_name_plural = "nhịp hoạt động"

    def __str__(self) -> str:
        return f"{self.process} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
