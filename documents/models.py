"""Document types, registers (sổ văn bản) with their counters, and documents."""

from django.db import models

from .literals import Direction, Secrecy, Urgency


class DocumentType(models.Model):
    class Group(models.TextChoices):
        ADMINISTRATIVE = "administrative", "Văn bản hành chính"
        LEGAL = "legal", "Văn bản quy phạm pháp luật"
        COPY = "copy", "Bản sao"

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên loại", max_length=100)
    abbreviation = models.CharField(
        "viết tắt", max_length=10, blank=True,
        help_text="Để trống với công văn và thư công: ký hiệu gồm tên cơ quan và đơn vị soạn thảo.",
    )
    group = models.CharField("nhóm", max_length=20, choices=Group.choices)
    electronic_only = models.BooleanField(
        "gửi điện tử, không kèm bản giấy", default=False,
        help_text="Theo danh mục văn bản gửi, nhận hoàn toàn dưới dạng điện tử (775/VPCP-KSTT).",
    )
    number_series = models.CharField(
        "dãy số", max_length=40, default="administrative",
        help_text="Các loại cùng dãy số dùng chung một sổ; văn bản quy phạm pháp luật có dãy riêng.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"
        ordering = ["group", "order", "name"]

    def __str__(self) -> str:
        return self.name


class Register(models.Model):
    """Sổ đăng ký văn bản: one numbering series per organization, direction and year."""

    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="registers"
    )
    direction = models.CharField("loại sổ", max_length=3, choices=Direction.choices)
    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên sổ", max_length=150)
    document_types = models.ManyToManyField(
        DocumentType, verbose_name="loại văn bản", blank=True, related_name="registers",
        help_text="Để trống: sổ dùng cho mọi loại văn bản chưa có sổ riêng.",
    )
    is_secret = models.BooleanField("sổ văn bản mật", default=False)
    # The counter row: locked with SELECT ... FOR UPDATE by the number-assignment service.
    last_number = models.PositiveIntegerField("số đã cấp gần nhất", default=0, editable=False)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "sổ văn bản"
        verbose_name_plural = "sổ văn bản"
        ordering = ["organization__name", "-year", "direction", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "direction", "year", "name"], name="register_name_unique_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year} — {self.organization.short_name}"


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
        ASSIGNED = "assigned", "Đã phân công"
        PROCESSING = "processing", "Đang xử lý"
        DONE = "done", "Hoàn thành"
        RECALLED = "recalled", "Đã thu hồi"
        # outgoing
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Đã ban hành"

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
        indexes = [models.Index(fields=["organization", "direction", "-created_at"])]

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

    class Meta:
        verbose_name = "tệp văn bản"
        verbose_name_plural = "tệp văn bản"
        ordering = ["document", "role", "id"]

    def __str__(self) -> str:
        return self.name


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
