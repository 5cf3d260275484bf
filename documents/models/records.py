"""Records management (NĐ30 chương IV, Phụ lục V): the yearly file catalogue (danh mục hồ sơ), the
work files (hồ sơ công việc) people open and fill while they handle the work, and their journey into
the organization's archive (lưu trữ cơ quan).

Retention periods are counted in years; `PERMANENT` (0) stands for "vĩnh viễn".
"""

import datetime as dt

from django.db import models
from django.utils import timezone

from documents.access import RecordFileQuerySet

PERMANENT = 0  # thời hạn bảo quản vĩnh viễn
ARCHIVE_MIN_YEARS = 5  # hồ sơ kept 5 years or more go to the archive (Điều 31.3.c)
KEEP_BACK_MAX_YEARS = 2  # a due hồ sơ may be kept back at most 2 years (Điều 31.3.d)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29/02 becomes 28/02 in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def retention_label(years: int | None) -> str:
    """The retention as the forms print it: "Vĩnh viễn" or "10 năm"."""
    if years is None:
        return ""
    return "Vĩnh viễn" if years == PERMANENT else f"{years} năm"


class FileCatalogue(models.Model):
    """Danh mục hồ sơ of one organization for one year (Điều 28), approved by its head."""

    class State(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        APPROVED = "approved", "Đã phê duyệt"

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="file_catalogues")
    year = models.PositiveSmallIntegerField("năm")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT)
    # The decision that issued it ("Kèm theo Quyết định số … ngày … của …").
    decision = models.CharField("quyết định ban hành", max_length=200, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    approved_by = models.ForeignKey("qlvb.User", verbose_name="người phê duyệt", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    copied_from = models.ForeignKey("self", verbose_name="sao từ danh mục", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey("qlvb.User", verbose_name="người lập", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("lập lúc", auto_now_add=True)

    class Meta:
        verbose_name = "danh mục hồ sơ"
        verbose_name_plural = "danh mục hồ sơ"
        ordering = ["organization", "-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="file_catalogue_one_per_year")]

    def __str__(self) -> str:
        return f"Danh mục hồ sơ năm {self.year}"


class CatalogueEntry(models.Model):
    """A row of the catalogue, in its printed order: a heading (đề mục lớn: I, II…; đề mục nhỏ: 1, 2…)
    or a hồ sơ (số và ký hiệu, tiêu đề, thời hạn bảo quản, người lập hồ sơ, ghi chú)."""

    class Kind(models.TextChoices):
        HEADING = "heading", "Đề mục lớn"
        SUBHEADING = "subheading", "Đề mục nhỏ"
        FILE = "file", "Hồ sơ"

    catalogue = models.ForeignKey(FileCatalogue, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField("thứ tự")
    kind = models.CharField("loại dòng", max_length=10, choices=Kind.choices, default=Kind.FILE)
    code = models.CharField("số và ký hiệu hồ sơ", max_length=60, blank=True)
    title = models.TextField("tên đề mục, tiêu đề hồ sơ", max_length=1000)
    retention_years = models.PositiveSmallIntegerField("thời hạn bảo quản (năm; 0 là vĩnh viễn)", null=True,
                                                       blank=True)
    responsible_unit = models.ForeignKey("qlvb.Unit", verbose_name="đơn vị lập hồ sơ", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    responsible_user = models.ForeignKey("qlvb.User", verbose_name="người lập hồ sơ", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    # As written in the catalogue (an imported sheet names people who may have no account).
    responsible_text = models.CharField("người lập hồ sơ (như ghi trong danh mục)", max_length=200, blank=True)
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "dòng danh mục hồ sơ"
        verbose_name_plural = "dòng danh mục hồ sơ"
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "position"], name="catalogue_entry_position_unique"),
            models.UniqueConstraint(fields=["catalogue", "code"], name="catalogue_entry_code_unique",
                                    condition=~models.Q(code="")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def retention_label(self) -> str:
        return retention_label(self.retention_years)


class RecordFile(models.Model):
    """Hồ sơ công việc (Điều 29): opened by the person handling the work, from the catalogue or
    outside it (Điều 29.2.c), filled in the order of the work, closed, then submitted to the archive."""

    class State(models.TextChoices):
        OPEN = "open", "Đang lập"
        CLOSED = "closed", "Đã kết thúc"
        SUBMITTED = "submitted", "Đã nộp lưu, chờ tiếp nhận"
        RETURNED = "returned", "Lưu trữ trả lại"
        ARCHIVED = "archived", "Đã lưu trữ"
        KEPT = "kept", "Giữ lại (được phê duyệt)"
        DISPOSED = "disposed", "Đã hủy"

    class Access(models.TextChoices):
        # Within the one permission rule: who, besides the owner, may open the hồ sơ.
        UNIT = "unit", "Người lập, lãnh đạo đơn vị và lãnh đạo cơ quan"
        ORGANIZATION = "organization", "Mọi người trong cơ quan được xem văn bản"
        RESTRICTED = "restricted", "Chỉ người lập và người được chỉ định"

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="record_files")
    year = models.PositiveSmallIntegerField("năm")
    catalogue_entry = models.ForeignKey(CatalogueEntry, verbose_name="theo dòng danh mục", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="record_files")
    code = models.CharField("số và ký hiệu hồ sơ", max_length=60)
    title = models.TextField("tiêu đề hồ sơ", max_length=1000)
    retention_years = models.PositiveSmallIntegerField("thời hạn bảo quản (năm; 0 là vĩnh viễn)")
    owner = models.ForeignKey("qlvb.User", verbose_name="người lập hồ sơ", on_delete=models.PROTECT,
                              related_name="record_files")
    unit = models.ForeignKey("qlvb.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.OPEN)
    access = models.CharField("quyền xem hồ sơ", max_length=12, choices=Access.choices, default=Access.UNIT)
    started_on = models.DateField("thời gian bắt đầu")
    ended_on = models.DateField("thời gian kết thúc", null=True, blank=True)
    language = models.CharField("ngôn ngữ", max_length=40, default="Tiếng Việt")
    notes = models.TextField("ghi chú", blank=True)
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("nộp lưu lúc", null=True, blank=True)
    archived_at = models.DateTimeField("tiếp nhận vào lưu trữ lúc", null=True, blank=True)
    archived_by = models.ForeignKey("qlvb.User", verbose_name="người tiếp nhận", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    # The last word of the archive on a return, or of the head on keeping it back.
    state_reason = models.TextField("lý do", blank=True)
    # Hồ sơ xây dựng cơ bản go to the archive within 3 months of the project's final settlement
    # (quyết toán), every other hồ sơ within 1 year of the end of the work (Điều 30.2).
    is_construction = models.BooleanField("hồ sơ xây dựng cơ bản", default=False)
    settled_on = models.DateField("ngày quyết toán công trình", null=True, blank=True)
    # Kept back at the unit with the head's approval (Điều 31.3.d), at most 2 years past the due date.
    kept_until = models.DateField("giữ lại đến ngày", null=True, blank=True)
    # Locked on the order of someone with authority (Phụ lục VI IV.1.g): nothing in it may be moved,
    # changed or destroyed until it is unlocked.
    frozen_at = models.DateTimeField("khóa lúc", null=True, blank=True)
    frozen_by = models.ForeignKey("qlvb.User", verbose_name="người khóa", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    frozen_reason = models.TextField("lý do khóa", blank=True)

    objects = RecordFileQuerySet.as_manager()  # RecordFile.objects.visible_to(user): the permission rule

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["organization", "-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "code"], name="record_file_code_unique"),
        ]
        indexes = [
            models.Index(fields=["organization", "state"]),
            models.Index(fields=["owner", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title[:60]}"

    @property
    def retention_label(self) -> str:
        return retention_label(self.retention_years)

    @property
    def is_permanent(self) -> bool:
        return self.retention_years == PERMANENT

    @property
    def goes_to_archive(self) -> bool:
        """Kept 5 years or more (or permanently): submitted to the archive (Điều 31.3.c)."""
        return self.retention_years == PERMANENT or self.retention_years >= ARCHIVE_MIN_YEARS

    @property
    def work_ended_on(self) -> dt.date | None:
        if self.ended_on:
            return self.ended_on
        return timezone.localdate(self.closed_at) if self.closed_at else None

    @property
    def submission_due_on(self) -> dt.date | None:
        """The last day to submit it to the archive (Điều 30.2), before any keeping back; None when
        it does not go to the archive or its work has not ended."""
        if not self.goes_to_archive:
            return None
        if self.is_construction:
            return add_months(self.settled_on, 3) if self.settled_on else None
        ended = self.work_ended_on
        return add_years(ended, 1) if ended else None

    @property
    def retention_ends_on(self) -> dt.date | None:
        """When its retention period ends (None: permanent, or the work has not ended)."""
        ended = self.work_ended_on
        if self.is_permanent or ended is None:
            return None
        return add_years(ended, self.retention_years)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_read_only(self) -> bool:
        """Only an open (or returned) hồ sơ that is not locked takes documents; an archived one never changes."""
        return self.is_frozen or self.state not in {self.State.OPEN, self.State.RETURNED}


class RecordItem(models.Model):
    """One piece of a hồ sơ, in the order of the work: a document of the system, or another file
    (biên bản, ảnh, ghi âm, a draft that matters)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Văn bản"
        DRAFT = "draft", "Dự thảo"
        MINUTES = "minutes", "Biên bản"
        PHOTO = "photo", "Ảnh"
        RECORDING = "recording", "Ghi âm, ghi hình"
        OTHER = "other", "Tài liệu khác"

    record = models.ForeignKey(RecordFile, on_delete=models.CASCADE, related_name="items")
    ordinal = models.PositiveIntegerField("số thứ tự trong hồ sơ")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="record_items")
    # Another file (not a document of the system): stored like document files, immutable.
    title = models.CharField("tên tài liệu", max_length=500, blank=True)
    file = models.FileField(upload_to="records/%Y/%m/", blank=True)
    file_name = models.CharField("tên tệp", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey("qlvb.User", verbose_name="người thêm", null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)
    # Destroyed with the hồ sơ by a disposal decision: the row stays (name, size, sha256), the bytes are gone.
    destroyed_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    destruction = models.ForeignKey("documents.DisposalDecision", verbose_name="hủy theo quyết định", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "văn bản, tài liệu trong hồ sơ"
        verbose_name_plural = "văn bản, tài liệu trong hồ sơ"
        ordering = ["record", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["record", "ordinal"], name="record_item_ordinal_unique"),
            # A document may sit in several hồ sơ made by different people, without copying it (Phụ lục VI
            # III.4.e); each gives it that hồ sơ's FileCode and an ordinal (III.1.g). Once per hồ sơ.
            models.UniqueConstraint(fields=["record", "document"], name="record_item_document_once_per_file",
                                    condition=models.Q(document__isnull=False)),
            models.CheckConstraint(
                name="record_item_document_or_file",
                condition=(models.Q(document__isnull=False) & models.Q(file=""))
                | (models.Q(document__isnull=True) & ~models.Q(file="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ordinal}. {self.document or self.title}"

    @property
    def destroyed_note(self) -> str:
        return self.destruction.destroyed_note if self.destroyed_at and self.destruction_id else (
            "Đã hủy" if self.destroyed_at else "")


class RecordFileAccess(models.Model):
    """A person named on a hồ sơ with restricted access (RecordFile.Access.RESTRICTED), or given
    reading rights on an archived one after an approved request."""

    record = models.ForeignKey(RecordFile, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey("qlvb.User", on_delete=models.CASCADE, related_name="record_file_grants")
    granted_by = models.ForeignKey("qlvb.User", null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    until = models.DateTimeField("hết hạn lúc", null=True, blank=True)
    reason = models.CharField("lý do", max_length=200, blank=True)

    class Meta:
        verbose_name = "quyền xem hồ sơ"
        verbose_name_plural = "quyền xem hồ sơ"
        constraints = [models.UniqueConstraint(fields=["record", "user"], name="record_file_access_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.record_id}"
