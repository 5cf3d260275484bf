"""Alerts and what follows them: the lifecycle log, the e-mail outbox, preferences, daily reports.

One alert stands for one condition: a rule and a subject (an outbound row, a document, a
recipient, a connection…) make its unique key. A scan that sees the condition again updates
the same row; when the condition clears the alert resolves itself, and if it comes back the
same row opens again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Severity(models.IntegerChoices):
    INFO = 10, "Thông tin"
    WARNING = 20, "Cảnh báo"
    CRITICAL = 30, "Nghiêm trọng"


class Alert(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Chưa xử lý"
        ACKNOWLEDGED = "acknowledged", "Đã tiếp nhận"
        RESOLVED = "resolved", "Đã khắc phục"

    rule = models.CharField("quy tắc", max_length=40)
    key = models.CharField("đối tượng", max_length=120, help_text="What the condition is about, unique per rule.")
    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan", null=True, blank=True, on_delete=models.CASCADE,
        related_name="alerts", help_text="Empty for conditions of the whole system (worker, disk…).",
    )
    severity = models.PositiveSmallIntegerField("mức độ", choices=Severity.choices, default=Severity.WARNING)
    state = models.CharField("trạng thái", max_length=12, choices=State.choices, default=State.OPEN)
    title = models.CharField("tiêu đề", max_length=300)
    detail = models.TextField("chi tiết", blank=True)
    action = models.CharField("xử lý đề xuất", max_length=20, blank=True)
    action_params = models.JSONField(default=dict, blank=True)
    documents = models.ManyToManyField("documents.Document", verbose_name="văn bản", blank=True,
                                       related_name="alerts")
    # Whether the last scan saw the condition: a resolved alert re-opens only when it comes back
    # after having cleared, not because someone closed it while it still held.
    condition_present = models.BooleanField(default=True)
    occurrences = models.PositiveIntegerField("số lần xuất hiện", default=1)
    first_seen_at = models.DateTimeField("phát hiện lần đầu")
    last_seen_at = models.DateTimeField("thấy gần nhất")
    opened_at = models.DateTimeField("mở lúc")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", help_text="Empty when the condition cleared by itself.")

    class Meta:
        verbose_name = "cảnh báo"
        verbose_name_plural = "cảnh báo"
        ordering = ["-severity", "-opened_at"]
        constraints = [models.UniqueConstraint(fields=["rule", "key"], name="alert_one_per_condition")]
        indexes = [
            models.Index(fields=["state", "organization"]),
            models.Index(fields=["rule", "state"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state != self.State.RESOLVED


class AlertEvent(models.Model):
    """The alert's history: opened, seen again, acknowledged, action taken, resolved, re-opened."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Phát hiện"
        REOPENED = "reopened", "Xuất hiện lại"
        ACKNOWLEDGED = "acknowledged", "Đã tiếp nhận"
        ACTION = "action", "Thực hiện xử lý"
        RESOLVED = "resolved", "Đã khắc phục"
        CLOSED = "closed", "Đóng thủ công"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=15, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"


class ScanState(models.Model):
    """One row per rule: when it last ran, how long it took, its last error, and the run lease."""

    rule = models.CharField(max_length=40, primary_key=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(default=0)
    last_findings = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.rule


class EmailMessage(models.Model):
    """An e-mail to send: a row written in the transaction of what caused it, sent by a task."""

    class State(models.TextChoices):
        QUEUED = "queued", "Chờ gửi"
        SENDING = "sending", "Đang gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Gửi lỗi"

    to = models.EmailField("người nhận")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung")
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails")
    report = models.ForeignKey("DailyReport", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="emails", help_text="Its PDF and Excel files are attached.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thư điện tử gửi đi"
        verbose_name_plural = "hàng đợi thư điện tử"
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class NotificationPreference(models.Model):
    """What a person wants by e-mail. In-app alerts are always shown."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="alert_preference")
    email_enabled = models.BooleanField("nhận cảnh báo qua thư điện tử", default=True)
    email_min_severity = models.PositiveSmallIntegerField("mức độ tối thiểu gửi thư", choices=Severity.choices,
                                                          default=Severity.WARNING)
    email_rules = models.JSONField("chỉ các quy tắc", default=list, blank=True,
                                   help_text="Empty: every rule.")
    daily_report = models.BooleanField("nhận báo cáo hằng ngày", default=True)

    class Meta:
        verbose_name = "tùy chọn nhận cảnh báo"
        verbose_name_plural = "tùy chọn nhận cảnh báo"

    def __str__(self) -> str:
        return str(self.user)


def _report_path(instance: DailyReport, filename: str) -> str:
    return f"reports/{instance.report_date:%Y/%m}/{filename}"


class DailyReport(models.Model):
    """Báo cáo tình hình gửi, nhận văn bản điện tử of one organization (and its children) for one day."""

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.CASCADE,
                                     related_name="daily_reports")
    report_date = models.DateField("ngày báo cáo")
    period_start = models.DateTimeField("từ")
    period_end = models.DateTimeField("đến")
    created_at = models.DateTimeField("lập lúc", auto_now_add=True)
    figures = models.JSONField("số liệu", default=dict)
    lists = models.JSONField("danh sách", default=dict)
    pdf = models.FileField("tệp PDF", upload_to=_report_path, blank=True)
    xlsx = models.FileField("tệp Excel", upload_to=_report_path, blank=True)

    class Meta:
        verbose_name = "báo cáo hằng ngày"
        verbose_name_plural = "báo cáo hằng ngày"
        ordering = ["-report_date", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "report_date"], name="daily_report_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.report_date:%d/%m/%Y}"
