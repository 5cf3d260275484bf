"""Exchange over the national axis: connections, the outbox, the inbox and the status timeline.

The database is the truth about every message: its state, attempts, next attempt and last
error. Package bytes are stored once, content-addressed and immutable (`Package`).
"""

from django.db import models


class AxisConnection(models.Model):
    """One connected system on the axis, serving one or more hosted organizations."""

    name = models.CharField("tên kết nối", max_length=100)
    endpoint = models.URLField("địa chỉ trục", max_length=300)
    system_id = models.CharField("mã hệ thống (systemid)", max_length=100)
    secret = models.CharField("khóa bí mật", max_length=300, help_text="Chỉ dùng để ký yêu cầu gửi lên trục.")
    organizations = models.ManyToManyField(
        "qlvb.Organization", verbose_name="cơ quan dùng kết nối", related_name="axis_connections"
    )
    connect_timeout = models.FloatField("thời gian chờ kết nối (giây)", default=10)
    read_timeout = models.FloatField("thời gian chờ trả lời (giây)", default=60)
    is_active = models.BooleanField("đang dùng", default=True)
    last_poll_at = models.DateTimeField("lần nhận gần nhất", null=True, blank=True)
    # One poll at a time per connection: a poll claims the lease with a conditional update.
    poll_lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_poll_error = models.TextField("lỗi lần nhận gần nhất", blank=True)
    last_directory_sync_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "kết nối trục liên thông"
        verbose_name_plural = "kết nối trục liên thông"

    def __str__(self) -> str:
        return f"{self.name} ({self.system_id})"


class Package(models.Model):
    """The immutable bytes of one edXML package, stored once by their SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    file = models.FileField(upload_to="packages/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.size} B)"

    def read(self) -> bytes:
        with self.file.open("rb") as fh:
            return fh.read()


class MessageKind(models.TextChoices):
    EDOC = "edoc", "Văn bản"
    STATUS = "status", "Trạng thái"


class Outbound(models.Model):
    """One message to send: a document package (all its axis recipients at once) or a status."""

    class State(models.TextChoices):
        QUEUED = "queued", "Chờ gửi"
        SENDING = "sending", "Đang gửi"
        SENT = "sent", "Đã gửi lên trục"
        FAILED = "failed", "Gửi lỗi"

    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    organization = models.ForeignKey("qlvb.Organization", on_delete=models.PROTECT, related_name="+")
    connection = models.ForeignKey(AxisConnection, on_delete=models.PROTECT, related_name="outbound")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="outbound"
    )
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="+")
    external_id = models.CharField("mã văn bản liên thông", max_length=200)
    business_type = models.PositiveSmallIntegerField(default=0)
    status_code = models.CharField(max_length=2, blank=True)
    status_to = models.CharField("gửi trạng thái cho", max_length=13, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # When a send task for this row was last handed to the broker (or is due, for a delayed
    # retry): the sweeper re-queues a row only when that is long past, never once per sweep.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    error_permanent = models.BooleanField(default=False)
    axis_doc_id = models.CharField("mã trên trục", max_length=100, blank=True)
    # A status 01 that answers one repeated delivery of a document we already have (the receipt
    # of a re-sent document): one per such arrival, outside the once-per-document rule below.
    answers = models.OneToOneField(
        "Inbound", null=True, blank=True, on_delete=models.PROTECT, related_name="receipt", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "văn bản, trạng thái gửi đi"
        verbose_name_plural = "hàng đợi gửi"
        indexes = [models.Index(fields=["state", "next_attempt_at"]), models.Index(fields=["state", "enqueued_at"])]
        constraints = [
            # A status is sent once per (document, recipient, code); 05 may repeat, and so may the
            # receipt (01) of each repeated delivery (`answers`).
            models.UniqueConstraint(
                fields=["organization", "external_id", "status_to", "status_code"],
                condition=models.Q(kind="status") & ~models.Q(status_code="05") & models.Q(answers__isnull=True),
                name="outbound_status_once",
            ),
        ]

    def __str__(self) -> str:
        what = f"trạng thái {self.status_code}" if self.kind == MessageKind.STATUS else "văn bản"
        return f"{what} {self.external_id} ({self.get_state_display()})"


class Recipient(models.Model):
    """The delivery state of one outgoing document for one recipient organization.

    Axis recipients belong to the outbound package that carries them; recipients in this
    deployment are delivered directly, and paper recipients only recorded.
    """

    class Channel(models.TextChoices):
        AXIS = "axis", "Trục liên thông"
        INTERNAL = "internal", "Nội bộ hệ thống"
        PAPER = "paper", "Bản giấy"

    class State(models.IntegerChoices):
        # Ordered: a later status never moves the state backwards.
        QUEUED = 0, "Chờ gửi"
        SENT = 10, "Đã gửi"
        ARRIVED = 20, "Đã đến"
        REJECTED = 25, "Từ chối tiếp nhận"
        REGISTERED = 30, "Đã tiếp nhận"
        ASSIGNED = 40, "Đã phân công"
        PROCESSING = 50, "Đang xử lý"
        DONE = 60, "Hoàn thành"
        FAILED = 90, "Gửi lỗi"

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.AXIS)
    outbound = models.ForeignKey(Outbound, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="recipients")
    organ_id = models.CharField(max_length=13, blank=True)
    name = models.CharField(max_length=200, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.QUEUED)
    last_status_code = models.CharField(max_length=2, blank=True)
    last_status_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    # Copied from the addressee: why a document of an e-only type went on paper (see Addressee).
    paper_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["outbound", "organ_id"], name="recipient_once",
                                    condition=models.Q(outbound__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.organ_id}: {self.get_state_display()}"


class Attempt(models.Model):
    """One try at sending an outbound message: when, how long, and what went wrong."""

    outbound = models.ForeignKey(Outbound, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    ok = models.BooleanField()
    permanent = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%H:%M:%S} {'ok' if self.ok else self.error[:40]}"


class Inbound(models.Model):
    """One message fetched from the axis, kept with its raw bytes whatever became of it."""

    class State(models.TextChoices):
        ACCEPTED = "accepted", "Đã nhận"
        DUPLICATE = "duplicate", "Trùng, đã bỏ qua"
        FAILED = "failed", "Không đọc được"

    connection = models.ForeignKey(AxisConnection, on_delete=models.PROTECT, related_name="inbound")
    axis_doc_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    from_organ_id = models.CharField(max_length=13, blank=True)
    to_organ_id = models.CharField(max_length=13, blank=True)
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="+")
    external_id = models.CharField(max_length=200, blank=True)
    business_type = models.PositiveSmallIntegerField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    error = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="inbound"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    acked_at = models.DateTimeField(null=True, blank=True)
    ack = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = "văn bản, trạng thái nhận về"
        verbose_name_plural = "hộp nhận"
        constraints = [
            models.UniqueConstraint(fields=["connection", "axis_doc_id"], name="inbound_axis_message_once"),
            # The same document (sender + DocumentId + business type) for the same recipient is taken once.
            models.UniqueConstraint(
                fields=["from_organ_id", "to_organ_id", "external_id", "business_type"],
                condition=models.Q(kind="edoc", state="accepted"),
                name="inbound_document_once",
            ),
        ]
        indexes = [models.Index(fields=["ack", "received_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.axis_doc_id} ({self.state})"


class StatusEvent(models.Model):
    """One status received for one of our outbound documents: the timeline keeps them all."""

    recipient = models.ForeignKey(Recipient, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="events")
    external_id = models.CharField(max_length=200)
    from_organ_id = models.CharField(max_length=13)
    code = models.CharField(max_length=2)
    description = models.TextField(blank=True)
    staff = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    inbound = models.ForeignKey(Inbound, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["occurred_at", "received_at"]
        indexes = [models.Index(fields=["external_id", "from_organ_id"])]

    def __str__(self) -> str:
        return f"{self.from_organ_id} {self.code}"
