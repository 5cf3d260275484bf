"""Outgoing documents (văn bản đi): addressees, the review route, review steps and comments."""

from django.db import models

from documents.models.documents import Document


class Addressee(models.Model):
    """A "Nơi nhận" line of a draft: an organization here or on the axis, or a paper-only recipient."""

    class Channel(models.TextChoices):
        INTERNAL = "internal", "Trong hệ thống"
        AXIS = "axis", "Qua trục liên thông"
        PAPER = "paper", "Gửi bản giấy"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="addressees")
    organization = models.ForeignKey("qlvb.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    name = models.CharField("nơi nhận", max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Why a type on the e-only catalogue (775/VPCP-KSTT) goes on paper to a recipient reachable
    # electronically; empty otherwise. Recorded, and counted against the organization's figures.
    paper_reason = models.TextField("lý do gửi bản giấy", blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel="paper") | models.Q(organization__isnull=False),
                name="addressee_electronic_needs_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_channel_display()})"


class SigningRoute(models.Model):
    """An organization's route for drafts: which checks come before signing, and signing policy."""

    organization = models.OneToOneField("qlvb.Organization", on_delete=models.CASCADE, related_name="signing_route")
    content_review = models.BooleanField("lãnh đạo đơn vị kiểm tra nội dung", default=True)
    format_review = models.BooleanField("văn thư kiểm tra thể thức", default=True)
    require_second_factor = models.BooleanField("yêu cầu mã xác thực (TOTP) khi ký", default=False)
    allow_timestamp_fallback = models.BooleanField("cho phép ký khi không có dấu thời gian", default=False)

    class Meta:
        verbose_name = "quy trình trình ký"
        verbose_name_plural = "quy trình trình ký"

    def __str__(self) -> str:
        return f"Quy trình trình ký — {self.organization}"


class ReviewStep(models.Model):
    """One check of a draft before signing: content (unit head) or format (clerk)."""

    class Kind(models.TextChoices):
        CONTENT = "content", "Kiểm tra nội dung"
        FORMAT = "format", "Kiểm tra thể thức"

    class State(models.TextChoices):
        PENDING = "pending", "Chờ kiểm tra"
        APPROVED = "approved", "Đạt"
        RETURNED = "returned", "Trả lại"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="review_steps")
    round = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey("qlvb.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "round", "order"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_state_display()}"


class DraftComment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="draft_comments")
    author = models.ForeignKey("qlvb.User", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    file = models.ForeignKey("documents.DocumentFile", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", help_text="The version commented on.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Conversion(models.Model):
    """DOCX → PDF by LibreOffice in a worker, with its progress shown to the drafter."""

    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ chuyển đổi"
        RUNNING = "running", "Đang chuyển sang PDF"
        DONE = "done", "Đã chuyển sang PDF"
        FAILED = "failed", "Chuyển đổi lỗi"

    source = models.OneToOneField("documents.DocumentFile", on_delete=models.CASCADE, related_name="conversion")
    result = models.ForeignKey("documents.DocumentFile", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.source} → PDF ({self.get_state_display()})"
