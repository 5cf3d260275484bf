"""Copies of documents (NĐ30 Điều 25–27, Phụ lục I Phần II): sao y, sao lục, trích sao.

A copy is a new file made from an original document (received or issued) that stays as it is.
Each organization numbers its copies in its copies register (Sổ bản sao): one series for every
kind of copy, from 01 on 1 January (Phụ lục I, Phần II, II.1.c).
"""

from django.db import models


class CopyRegister(models.Model):
    """Sổ bản sao: the organization's yearly series of copy numbers. The row is the counter, locked
    with SELECT ... FOR UPDATE by the copy's numbering (documents.services.copies.numbering)."""

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="copy_registers")
    year = models.PositiveSmallIntegerField("năm")
    last_number = models.PositiveIntegerField("số đã cấp gần nhất", default=0, editable=False)

    class Meta:
        verbose_name = "sổ bản sao"
        verbose_name_plural = "sổ bản sao"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="copy_register_one_per_year")]

    def __str__(self) -> str:
        return f"Sổ bản sao {self.year} — {self.organization_id}"


class DocumentCopy(models.Model):
    """One copy of an original document: its form, direction, extract, who asked, who signed, its
    number in the copies register and its files (CopyFile)."""

    class Form(models.TextChoices):
        TRUE_COPY = "SY", "Sao y"
        TRANSCRIPT = "SL", "Sao lục"
        EXTRACT = "TrS", "Trích sao"

    class Mode(models.TextChoices):
        E2E = "e2e", "Điện tử sang điện tử"
        E2P = "e2p", "Điện tử sang giấy"
        P2E = "p2e", "Giấy sang điện tử"
        P2P = "p2p", "Giấy sang giấy"

    class State(models.TextChoices):
        REQUESTED = "requested", "Chờ ký"
        SIGNED = "signed", "Đã ký, chờ ký số cơ quan"
        SEALED = "sealed", "Đã ký số cơ quan"
        PRINTED = "printed", "Đã in bản sao giấy"

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan sao", on_delete=models.PROTECT,
                                     related_name="document_copies")
    original = models.ForeignKey("documents.Document", verbose_name="văn bản được sao", on_delete=models.PROTECT,
                                 related_name="copies")
    form = models.CharField("hình thức sao", max_length=3, choices=Form.choices)
    # Sao lục is made from a sao y (NĐ30 Điều 25.2.b): the sao y it was made from, when chosen.
    source_copy = models.ForeignKey("self", verbose_name="sao lục từ bản sao y", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="transcripts")
    mode = models.CharField("chiều sao", max_length=3, choices=Mode.choices)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.REQUESTED)
    first_page = models.PositiveSmallIntegerField("từ trang", null=True, blank=True)
    last_page = models.PositiveSmallIntegerField("đến trang", null=True, blank=True)
    purpose = models.CharField("lý do sao", max_length=300, blank=True)
    recipients = models.TextField("nơi nhận", max_length=1000, blank=True)
    requested_by = models.ForeignKey("qlvb.User", verbose_name="người đề nghị", on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField("đề nghị lúc", auto_now_add=True)
    signer = models.ForeignKey("qlvb.User", verbose_name="người ký bản sao", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField("họ tên người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    signing_form = models.CharField("hình thức ký", max_length=3, blank=True)
    signed_on_behalf_of = models.ForeignKey("qlvb.User", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    signed_at = models.DateTimeField("ký lúc", null=True, blank=True)
    # The certificate of the leader's signature, which the seal checks is the one under it.
    signer_certificate_serial = models.CharField("số hiệu chứng thư người ký", max_length=80, blank=True)
    sealed_by = models.ForeignKey("qlvb.User", verbose_name="văn thư ký số cơ quan", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    sealed_at = models.DateTimeField("ký số cơ quan lúc", null=True, blank=True)
    printed_count = models.PositiveSmallIntegerField("số bản in", null=True, blank=True)
    printed_at = models.DateTimeField("in lúc", null=True, blank=True)
    register = models.ForeignKey(CopyRegister, verbose_name="sổ bản sao", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="copies")
    number = models.PositiveIntegerField("số bản sao", null=True, blank=True)
    symbol = models.CharField("số, ký hiệu bản sao", max_length=60, blank=True)
    copied_on = models.DateField("ngày sao", null=True, blank=True)

    class Meta:
        verbose_name = "bản sao văn bản"
        verbose_name_plural = "bản sao văn bản"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="copy_number_unique_in_register",
                                    condition=models.Q(number__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.symbol or self.get_form_display()} — {self.original_id}"

    @property
    def result_is_paper(self) -> bool:
        return self.mode in (self.Mode.E2P, self.Mode.P2P)

    @property
    def source_is_paper(self) -> bool:
        return self.mode in (self.Mode.P2E, self.Mode.P2P)

    @property
    def pages_label(self) -> str:
        if self.first_page is None:
            return ""
        return f"Trang {self.first_page}–{self.last_page}" if self.last_page != self.first_page else (
            f"Trang {self.first_page}")


class CopyFile(models.Model):
    """A file of a copy. Immutable like DocumentFile: the scan of the paper original, the composed
    copy, and each signed version are rows of their own."""

    class Kind(models.TextChoices):
        SCAN = "scan", "Bản quét văn bản giấy"
        COMPOSED = "composed", "Bản sao (chưa ký)"
        SIGNED = "signed", "Bản sao đã ký"
        SEALED = "sealed", "Bản sao đã ký số cơ quan"
        PRINTABLE = "printable", "Bản sao để in"

    copy = models.ForeignKey(DocumentCopy, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("loại tệp", max_length=10, choices=Kind.choices)
    name = models.CharField("tên tệp", max_length=255)
    file = models.FileField(upload_to="copies/%Y/%m/")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp bản sao"
        verbose_name_plural = "tệp bản sao"
        ordering = ["copy", "id"]

    def __str__(self) -> str:
        return self.name
