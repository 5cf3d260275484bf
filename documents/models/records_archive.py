"""The organization's archive (lưu trữ cơ quan, NĐ30 Điều 30–31): transfers of closed hồ sơ into it
(nộp lưu, with their mục lục and biên bản giao nhận), the notices of hồ sơ due or late, and the
requests to read an archived hồ sơ (Phụ lục VI III.6.c)."""

from django.db import models

from documents.models.records import RecordFile


class ArchiveTransfer(models.Model):
    """One submission of one or several hồ sơ to the archive (one biên bản giao nhận). The archive
    returns a hồ sơ on its own, with a reason, and accepts what is left of the transfer at once; the
    acceptance stores the mục lục and the biên bản as PDFs that never change (sha256)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Chờ tiếp nhận"
        ACCEPTED = "accepted", "Đã tiếp nhận"
        RETURNED = "returned", "Đã trả lại"

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="archive_transfers")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey("qlvb.User", verbose_name="bên giao", on_delete=models.PROTECT,
                                     related_name="+")
    submitted_by_title = models.CharField("chức vụ bên giao", max_length=150, blank=True)
    submitted_unit = models.ForeignKey("qlvb.Unit", verbose_name="đơn vị giao nộp", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("nộp lúc", auto_now_add=True)
    received_by = models.ForeignKey("qlvb.User", verbose_name="bên nhận", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    received_by_title = models.CharField("chức vụ bên nhận", max_length=150, blank=True)
    accepted_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    block_name = models.CharField("tên khối tài liệu", max_length=300, blank=True)
    record_count = models.PositiveIntegerField("số hồ sơ tiếp nhận", null=True, blank=True)
    file_count = models.PositiveIntegerField("số tệp tin", null=True, blank=True)
    catalogue_pdf = models.FileField("mục lục hồ sơ, tài liệu nộp lưu", upload_to="archive/%Y/", blank=True)
    catalogue_sha256 = models.CharField(max_length=64, blank=True)
    minutes_pdf = models.FileField("biên bản giao nhận", upload_to="archive/%Y/", blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    records = models.ManyToManyField(RecordFile, through="ArchiveTransferItem", related_name="archive_transfers")

    class Meta:
        verbose_name = "lượt nộp lưu"
        verbose_name_plural = "lượt nộp lưu"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "state"])]

    def __str__(self) -> str:
        return f"Lượt nộp lưu số {self.pk}"


class ArchiveTransferItem(models.Model):
    """A hồ sơ in a transfer, and what the archive decided about it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Chờ kiểm tra"
        ACCEPTED = "accepted", "Đã tiếp nhận"
        RETURNED = "returned", "Trả lại"

    transfer = models.ForeignKey(ArchiveTransfer, on_delete=models.CASCADE, related_name="items")
    record = models.ForeignKey(RecordFile, on_delete=models.PROTECT, related_name="archive_transfer_items")
    position = models.PositiveIntegerField("số thứ tự")
    outcome = models.CharField("kết quả", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.TextField("lý do trả lại", blank=True)
    decided_by = models.ForeignKey("qlvb.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ trong lượt nộp lưu"
        verbose_name_plural = "hồ sơ trong lượt nộp lưu"
        ordering = ["transfer", "position"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "record"], name="archive_transfer_item_unique"),
            # A hồ sơ waits in one transfer at a time.
            models.UniqueConstraint(fields=["record"], name="archive_transfer_item_one_pending",
                                    condition=models.Q(outcome="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}/{self.position}: {self.record_id}"


class ArchiveDueNotice(models.Model):
    """That the owner was told their hồ sơ is due soon or late (once per hồ sơ, stage and due date)."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", "Đến hạn nộp lưu trong 30 ngày"
        LATE = "late", "Quá hạn nộp lưu"

    record = models.ForeignKey(RecordFile, on_delete=models.CASCADE, related_name="archive_due_notices")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nhắc hạn nộp lưu"
        verbose_name_plural = "nhắc hạn nộp lưu"
        constraints = [models.UniqueConstraint(fields=["record", "stage", "due_on"], name="archive_due_notice_once")]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.stage} ({self.due_on})"


class ArchiveReadingRequest(models.Model):
    """A request to read an archived hồ sơ (Phụ lục VI III.6.c), approved or refused by a leader of the
    organization; an approval names the person on the hồ sơ until the end of the day asked for."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ phê duyệt"
        APPROVED = "approved", "Đã phê duyệt"
        REFUSED = "refused", "Từ chối"

    record = models.ForeignKey(RecordFile, verbose_name="hồ sơ", on_delete=models.PROTECT,
                               related_name="reading_requests")
    organization = models.ForeignKey("qlvb.Organization", on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey("qlvb.User", verbose_name="người đề nghị", on_delete=models.PROTECT,
                                  related_name="archive_reading_requests")
    purpose = models.TextField("mục đích", max_length=1000)
    until = models.DateField("đọc đến hết ngày")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField("đề nghị lúc", auto_now_add=True)
    decided_by = models.ForeignKey("qlvb.User", verbose_name="người quyết định", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decision_reason = models.TextField("lý do", blank=True)

    class Meta:
        verbose_name = "đề nghị đọc hồ sơ lưu trữ"
        verbose_name_plural = "đề nghị đọc hồ sơ lưu trữ"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["record", "requester"], name="archive_reading_one_pending",
                                    condition=models.Q(state="pending")),
        ]

    def __str__(self) -> str:
        return f"Đề nghị đọc {self.record_id} của {self.requester_id}"
