"""Admin-entered calendar days: extra days off and swapped working days (làm bù)."""

from django.db import models


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "off", "Ngày nghỉ"
        WORKING_DAY = "working", "Ngày làm việc (làm bù)"

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    note = models.CharField("ghi chú", max_length=200, blank=True)

    class Meta:
        verbose_name = "ngày nghỉ, ngày làm bù"
        verbose_name_plural = "lịch làm việc"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"
