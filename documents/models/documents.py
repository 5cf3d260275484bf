"""Documents, their immutable files, and explicit access grants."""

from django.db import models

from documents.access import DocumentQuerySet
from documents.literals import Direction, Secrecy, Urgency
from documents.models.catalog import DocumentType
from documents.models.registers import Register


class Document(models.Model):
    """A document, incoming or outgoing, as one organization holds it.

    The incoming and outgoing workflows add their own state on top of these common fields.
    """

    class Source(models.TextChoices):
        AXIS = "axis", "Trục liên thông"
        INTERNAL = "internal", "Nội bộ hệ thống"
        PAPER = "paper", "Văn bản giấy"
        DRAFTED = "drafted", "Soạn thảo trên hệ thống"

    class State(models.TextChoices):
        # incoming
        ARRIVED = "arrived", "Đã đến"
        REGISTERED = "registered", "Đã vào sổ"
        REJECTED = "rejected", "Đã từ chối"
        PRESENTED = "presented", "Đã trình"
        ASSIGNED = "assigned", "Đã phân công"
        PROCESSING = "processing", "Đang xử lý"
        DONE = "done", "Hoàn thành"
        RECALLED = "recalled", "Đã thu hồi"
        # outgoing
        DRAFT = "draft", "Dự thảo"
        IN_REVIEW = "in_review", "Đang trình duyệt"
        RETURNED = "returned", "Trả lại để sửa"
        APPROVED = "approved", "Chờ ký"
        SIGNED = "signed", "Đã ký"
        ISSUED = "issued", "Chờ phát hành"  # signed and sealed; "Đã phát hành" once dispatched: one term, phát hành
        DISPATCHED = "dispatched", "Đã phát hành"

    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="documents"
    )
    direction = models.CharField("loại", max_length=3, choices=Direction.choices)
    document_type = models.ForeignKey(
        DocumentType, verbose_name="loại văn bản", on_delete=models.PROTECT, related_name="documents"
    )
    register = models.ForeignKey(
        Register, verbose_name="sổ", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    register_number = models.PositiveIntegerField("số trong sổ", null=True, blank=True)
    symbol = models.CharField("số, ký hiệu", max_length=60, blank=True)
    subject = models.TextField("trích yếu", max_length=500)
    issued_on = models.DateField("ngày văn bản", null=True, blank=True)
    issuer_name = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    urgency = models.PositiveSmallIntegerField("độ khẩn", choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.PositiveSmallIntegerField("độ mật", choices=Secrecy.choices, default=Secrecy.NONE)
    unit = models.ForeignKey(
        "qlvb.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        "qlvb.User", verbose_name="người tạo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    source = models.CharField("nguồn", max_length=10, choices=Source.choices, default=Source.DRAFTED)
    state = models.CharField("trạng thái", max_length=20, choices=State.choices, default=State.DRAFT)
    # The edXML DocumentId "<sender OrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>", for exchange and duplicates.
    external_id = models.CharField("mã văn bản liên thông", max_length=200, blank=True, db_index=True)
    issuer = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan ban hành", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    due_date = models.DateField("hạn xử lý", null=True, blank=True)
    received_at = models.DateTimeField("thời điểm đến", null=True, blank=True)
    registered_at = models.DateTimeField("thời điểm vào sổ", null=True, blank=True)
    completed_at = models.DateTimeField("thời điểm hoàn thành", null=True, blank=True)
    rejection_reason = models.TextField("lý do từ chối", blank=True)
    # A recalled document is frozen with its metadata (Phụ lục VI, III.8): no further changes.
    is_frozen = models.BooleanField("đã khóa", default=False)
    recall_note = models.TextField("ghi chú thu hồi", blank=True)
    recall_requested_at = models.DateTimeField("bên gửi đề nghị lấy lại lúc", null=True, blank=True)
    recall_reason = models.TextField("lý do bên gửi lấy lại", blank=True)
    related_to = models.ForeignKey(
        "self", verbose_name="văn bản liên quan", null=True, blank=True, on_delete=models.PROTECT,
        related_name="related_documents", help_text="The original, for an update or a replacement from the sender.",
    )
    relation = models.CharField("quan hệ", max_length=10, blank=True,
                                choices=[("update", "Cập nhật"), ("replace", "Thay thế")])
    reply_to = models.ForeignKey(
        "self", verbose_name="trả lời văn bản", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replies",
    )
    # Incoming: the document the sender says this one answers (edXML ResponseFor), as they named it;
    # `reply_to` points at it as well when it is one of ours.
    reply_to_code = models.CharField("trả lời văn bản số", max_length=60, blank=True)
    reply_to_organ = models.CharField("trả lời văn bản của", max_length=200, blank=True)
    # For documents delivered inside this deployment: the sender's delivery row it came from.
    delivery = models.ForeignKey(
        "interchange.Recipient", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    last_progress_status_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Outgoing: who signed and how, when it was sealed and dispatched.
    signed_at = models.DateTimeField("thời điểm ký", null=True, blank=True)
    signed_by = models.ForeignKey("qlvb.User", verbose_name="người ký", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    signing_form = models.CharField("hình thức ký", max_length=3, blank=True,
                                    help_text="KT., TL., TUQ. or TM. when signed for someone else.")
    signed_on_behalf_of = models.ForeignKey("qlvb.User", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    sealed_at = models.DateTimeField("thời điểm ký số cơ quan", null=True, blank=True)
    dispatched_at = models.DateTimeField("thời điểm phát hành", null=True, blank=True)
    # Phụ lục VI, Phần II: PageAmount, Language, Description. The page count is read from the main
    # PDF when it is stored (services.files.file_store) until a person corrects it.
    page_count = models.PositiveSmallIntegerField("số trang", null=True, blank=True)
    language = models.CharField("ngôn ngữ", max_length=30, default="Tiếng Việt")
    description = models.TextField("mô tả, ghi chú", max_length=500, blank=True)

    objects = DocumentQuerySet.as_manager()  # Document.objects.visible_to(user): the permission rule

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-urgency", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "register_number"], name="document_number_unique_in_register",
                condition=models.Q(register_number__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "direction", "-created_at"]),
            models.Index(fields=["organization", "direction", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.symbol or '(chưa có số)'} — {self.subject[:60]}"


class DocumentFile(models.Model):
    """A file of a document. Files are immutable: a change (a signature) makes a new row."""

    class Role(models.TextChoices):
        MAIN = "main", "Văn bản"
        APPENDIX = "appendix", "Phụ lục, tài liệu kèm theo"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    role = models.CharField("loại tệp", max_length=10, choices=Role.choices, default=Role.MAIN)
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to="documents/%Y/%m/")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="versions",
        help_text="The file version this one was made from (e.g. by signing).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Destroyed with its hồ sơ by a disposal decision (records disposal): the row stays as a
    # tombstone (name, size, sha256), the bytes are gone.
    destroyed_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    destruction = models.ForeignKey("documents.DisposalDecision", verbose_name="hủy theo quyết định", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "tệp văn bản"
        verbose_name_plural = "tệp văn bản"
        ordering = ["document", "role", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def destroyed_note(self) -> str:
        """"Đã hủy theo Quyết định số … ngày …" for a destroyed file, "" otherwise."""
        return self.destruction.destroyed_note if self.destroyed_at and self.destruction_id else (
            "Đã hủy" if self.destroyed_at else "")


class DocumentAccess(models.Model):
    """An explicit grant: a person who is handling, or was sent, a document may see it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey("qlvb.User", on_delete=models.CASCADE, related_name="document_grants")
    reason = models.CharField(max_length=40, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="document_access_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.document_id}"
