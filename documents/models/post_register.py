"""Sổ gửi văn bản đi bưu điện (Nghị định 30, Phụ lục IV, mẫu III): one row per envelope batch
handed to the post office for a paper recipient of an outgoing document."""

from django.db import models

from documents.models.documents import Document


class PostRegisterEntry(models.Model):
    """A line of the post register: Ngày chuyển · Số, ký hiệu · Nơi nhận · Số lượng bì ·
    Ký nhận và dấu bưu điện · Ghi chú. The receipt column is signed and stamped on the printed page."""

    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.PROTECT,
                                     related_name="+")
    document = models.ForeignKey(Document, verbose_name="văn bản", on_delete=models.PROTECT,
                                 related_name="post_entries")
    recipient = models.OneToOneField("interchange.Recipient", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="post_entry")
    sent_on = models.DateField("ngày chuyển")
    recipient_name = models.CharField("nơi nhận văn bản", max_length=200)
    envelopes = models.PositiveSmallIntegerField("số lượng bì", default=1)
    receipt = models.CharField("ký nhận và dấu bưu điện", max_length=200, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    created_by = models.ForeignKey("qlvb.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "dòng sổ gửi văn bản đi bưu điện"
        verbose_name_plural = "sổ gửi văn bản đi bưu điện"
        ordering = ["sent_on", "id"]
        indexes = [models.Index(fields=["organization", "sent_on"])]
        constraints = [models.CheckConstraint(condition=models.Q(envelopes__gte=1), name="post_entry_envelopes_positive")]

    def __str__(self) -> str:
        return f"{self.sent_on:%d/%m/%Y} — {self.recipient_name}"
