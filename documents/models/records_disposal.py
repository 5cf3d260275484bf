"""What happens to a hồ sơ after its work: kept back at the unit with the head's approval (Điều 31.3.d),
handed over when the person who made it leaves or moves (Điều 31.3.đ), and destroyed by a decision
of the head once its retention period has ended (disposal, with an audited tombstone).

Nothing here deletes a row: a destroyed hồ sơ keeps its metadata, its documents their numbers and
subjects, its files their names, sizes and hashes; only the files' bytes go.
"""

from django.db import models


class KeepBack(models.Model):
    """A request to keep a due hồ sơ at the unit instead of submitting it to the archive (Điều 31.3.d),
    and the head's answer ("đồng ý bằng văn bản": the approving document's number and date)."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ lãnh đạo phê duyệt"
        APPROVED = "approved", "Được giữ lại"
        REFUSED = "refused", "Không đồng ý"
        ENDED = "ended", "Hết thời hạn giữ lại"

    record = models.ForeignKey("documents.RecordFile", verbose_name="hồ sơ", on_delete=models.PROTECT,
                               related_name="keep_backs")
    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="+")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey("qlvb.User", verbose_name="người đề nghị", on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField("đề nghị lúc", auto_now_add=True)
    reason = models.TextField("lý do giữ lại", max_length=2000)
    until = models.DateField("giữ lại đến ngày")
    due_on = models.DateField("hạn nộp lưu", null=True, blank=True)
    decided_by = models.ForeignKey("qlvb.User", verbose_name="lãnh đạo phê duyệt", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    approval_number = models.CharField("số văn bản đồng ý", max_length=60, blank=True)
    approval_date = models.DateField("ngày văn bản đồng ý", null=True, blank=True)
    decision_note = models.TextField("ý kiến của lãnh đạo", blank=True)
    ended_at = models.DateTimeField("hết hạn giữ lại lúc", null=True, blank=True)

    class Meta:
        verbose_name = "đề nghị giữ lại hồ sơ"
        verbose_name_plural = "đề nghị giữ lại hồ sơ"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["record"], condition=models.Q(state="pending"),
                                    name="keep_back_one_pending_per_record"),
        ]

    def __str__(self) -> str:
        return f"Giữ lại {self.record_id} đến {self.until:%d/%m/%Y}"

    @property
    def approval_label(self) -> str:
        if not self.approval_number:
            return ""
        day = f" ngày {self.approval_date:%d/%m/%Y}" if self.approval_date else ""
        return f"Văn bản số {self.approval_number}{day}"


class HandoverDesignation(models.Model):
    """The colleague a unit head names to receive a person's hồ sơ: the person then hands them over
    themselves (Điều 31.3.đ)."""

    organization = models.ForeignKey("qlvb.Organization", on_delete=models.CASCADE, related_name="+")
    from_user = models.ForeignKey("qlvb.User", verbose_name="người bàn giao", on_delete=models.CASCADE,
                                  related_name="+")
    to_user = models.ForeignKey("qlvb.User", verbose_name="người nhận", on_delete=models.CASCADE, related_name="+")
    designated_by = models.ForeignKey("qlvb.User", verbose_name="người chỉ định", on_delete=models.PROTECT,
                                      related_name="+")
    designated_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "chỉ định người nhận bàn giao hồ sơ"
        verbose_name_plural = "chỉ định người nhận bàn giao hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["organization", "from_user"], condition=models.Q(used_at__isnull=True),
                                    name="handover_designation_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user}"


class Handover(models.Model):
    """A handover of hồ sơ not yet in the archive from a person who retires, leaves, moves or goes on
    long study to a colleague of the unit (Điều 31.3.đ): the biên bản bàn giao."""

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="+")
    unit = models.ForeignKey("qlvb.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    from_user = models.ForeignKey("qlvb.User", verbose_name="bên giao", on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey("qlvb.User", verbose_name="bên nhận", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey("qlvb.User", verbose_name="người thực hiện", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("lý do bàn giao", max_length=2000)
    at = models.DateTimeField("bàn giao lúc", auto_now_add=True)
    records = models.ManyToManyField("documents.RecordFile", verbose_name="hồ sơ", related_name="handovers")
    # The list as it stood at the handover (code, title, year, retention, state, items), for the minute.
    listing = models.JSONField("danh sách hồ sơ", default=list)

    class Meta:
        verbose_name = "biên bản bàn giao hồ sơ"
        verbose_name_plural = "biên bản bàn giao hồ sơ"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Bàn giao hồ sơ {self.from_user} → {self.to_user}"


class DisposalDecision(models.Model):
    """A list of hồ sơ whose retention has ended, proposed by archive staff, decided by the head
    (Quyết định hủy tài liệu hết giá trị: number, date, signer, the council's opinion), then executed."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Đề nghị hủy, chờ quyết định"
        DECIDED = "decided", "Đã có quyết định hủy, chờ thực hiện"
        EXECUTED = "executed", "Đã hủy"
        REFUSED = "refused", "Không hủy"

    class Blobs(models.TextChoices):
        NONE = "", "—"
        PENDING = "pending", "Đang xóa tệp"
        DONE = "done", "Đã xóa hết tệp"
        FAILED = "failed", "Có tệp chưa xóa được"

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="+")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.PROPOSED)
    title = models.CharField("tên danh mục", max_length=300, default="Danh mục tài liệu hết giá trị đề nghị hủy")
    proposed_by = models.ForeignKey("qlvb.User", verbose_name="người lập danh mục", on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField("lập lúc", auto_now_add=True)
    proposal_note = models.TextField("thuyết minh", blank=True)
    number = models.CharField("số quyết định", max_length=60, blank=True)
    signed_on = models.DateField("ngày quyết định", null=True, blank=True)
    signer = models.ForeignKey("qlvb.User", verbose_name="người ký quyết định", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("lý do hủy, ý kiến của hội đồng xác định giá trị tài liệu", blank=True)
    decided_by = models.ForeignKey("qlvb.User", verbose_name="người ghi nhận quyết định", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("ghi nhận lúc", null=True, blank=True)
    executed_by = models.ForeignKey("qlvb.User", verbose_name="người thực hiện hủy", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    executed_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    blobs = models.CharField("xóa tệp", max_length=10, choices=Blobs.choices, default=Blobs.NONE, blank=True)
    blob_failures = models.JSONField("tệp chưa xóa được", default=list, blank=True)
    blobs_done_at = models.DateTimeField("xóa xong tệp lúc", null=True, blank=True)
    records = models.ManyToManyField("documents.RecordFile", through="DisposalItem", related_name="disposals")

    class Meta:
        verbose_name = "quyết định hủy tài liệu hết giá trị"
        verbose_name_plural = "quyết định hủy tài liệu hết giá trị"
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number", "signed_on"], condition=~models.Q(number=""),
                                    name="disposal_decision_number_unique"),
        ]

    def __str__(self) -> str:
        return self.destroyed_note if self.number else f"{self.title} ({self.pk})"

    @property
    def reference(self) -> str:
        if not self.number:
            return ""
        day = f" ngày {self.signed_on:%d/%m/%Y}" if self.signed_on else ""
        return f"Quyết định số {self.number}{day}"

    @property
    def destroyed_note(self) -> str:
        return f"Đã hủy theo {self.reference}" if self.number else "Đã hủy"


class DisposalItem(models.Model):
    """A hồ sơ on a disposal list, and once destroyed its tombstone: the metadata kept for ever."""

    decision = models.ForeignKey(DisposalDecision, on_delete=models.CASCADE, related_name="items")
    record = models.ForeignKey("documents.RecordFile", verbose_name="hồ sơ", on_delete=models.PROTECT,
                               related_name="disposal_items")
    position = models.PositiveIntegerField("số thứ tự")
    tombstone = models.JSONField("dấu vết hủy", default=dict, blank=True)
    disposed_at = models.DateTimeField("hủy lúc", null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ trong danh mục hủy"
        verbose_name_plural = "hồ sơ trong danh mục hủy"
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "record"], name="disposal_item_record_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.record_id}"
