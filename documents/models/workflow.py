"""The handling of incoming documents: presentation, the leader's instruction, assignments,
progress notes and reminders (đôn đốc)."""

from django.db import models

from documents.models.documents import Document


class Presentation(models.Model):
    """The clerk presents (trình) a registered document to a leader."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="presentations")
    presented_by = models.ForeignKey("qlvb.User", on_delete=models.PROTECT, related_name="+")
    presented_to = models.ForeignKey("qlvb.User", on_delete=models.PROTECT, related_name="presentations_received")
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.document} → {self.presented_to}"


class Instruction(models.Model):
    """A leader's instruction (ý kiến chỉ đạo, phiếu giải quyết)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="instructions")
    author = models.ForeignKey("qlvb.User", verbose_name="người cho ý kiến", on_delete=models.PROTECT,
                               related_name="+")
    on_behalf_of = models.ForeignKey(
        "qlvb.User", verbose_name="thay mặt", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The leader the author acted for, under a delegation.",
    )
    delegation = models.ForeignKey("qlvb.Delegation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    text = models.TextField("ý kiến chỉ đạo")
    deadline = models.DateField("hạn giải quyết", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class Assignment(models.Model):
    """Who handles the document: lead (chủ trì), coordinating (phối hợp) or informed (để biết)."""

    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        COORDINATE = "coordinate", "Phối hợp"
        INFORM = "inform", "Nhận để biết"

    class State(models.TextChoices):
        OPEN = "open", "Chưa xử lý"
        IN_PROGRESS = "in_progress", "Đang xử lý"
        DONE = "done", "Đã hoàn thành"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="assignments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               help_text="The unit's assignment a unit head redistributed.")
    role = models.CharField("vai trò", max_length=12, choices=Role.choices)
    unit = models.ForeignKey("qlvb.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="assignments")
    user = models.ForeignKey("qlvb.User", verbose_name="người xử lý", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey("qlvb.User", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField("hạn xử lý", null=True, blank=True)
    state = models.CharField("trạng thái", max_length=12, choices=State.choices, default=State.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField("kết quả", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "role", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(unit__isnull=False) | models.Q(user__isnull=False),
                                   name="assignment_has_holder"),
        ]
        indexes = [models.Index(fields=["user", "state"]), models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user or self.unit}"


class ProgressNote(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("qlvb.User", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("nội dung")
    percent = models.PositiveSmallIntegerField("tiến độ (%)", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Reminder(models.Model):
    """Đôn đốc: a reminder to someone who has to act on a document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reminders")
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="reminders")
    to_user = models.ForeignKey("qlvb.User", on_delete=models.CASCADE, related_name="reminders")
    sent_by = models.ForeignKey("qlvb.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.to_user}: {self.text[:40]}"
