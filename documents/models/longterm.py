"""Long-term proof of the signed files of archived hồ sơ (PAdES B-LTA, issue 15 item 4)."""

from django.db import models


class LongTermProof(models.Model):
    """One archive timestamp added to a signed file: ``file`` is the new, immutable version made from
    ``source`` (validation data of every signature and a document timestamp, or, for a renewal,
    fresh validation data of the last archive timestamp and a new one over it).

    The proof to renew is the newest of a chain: the one no other proof renews. It is due when its
    authority's certificate (``tsa_valid_until``) expires within QLVB_LTV_RENEW_DAYS. A renewal that
    fails leaves the proof as it was, with ``last_error`` set, and is tried again on the next run.
    """

    record = models.ForeignKey("documents.RecordFile", verbose_name="hồ sơ", on_delete=models.PROTECT,
                               related_name="longterm_proofs")
    source = models.OneToOneField("documents.DocumentFile", verbose_name="phiên bản gốc", on_delete=models.PROTECT,
                                  related_name="longterm_proof_source")
    file = models.OneToOneField("documents.DocumentFile", verbose_name="phiên bản lưu trữ dài hạn",
                                on_delete=models.PROTECT, related_name="longterm_proof")
    timestamp_time = models.DateTimeField("thời điểm dấu thời gian lưu trữ")
    tsa_valid_until = models.DateTimeField("dấu thời gian lưu trữ có hiệu lực đến", db_index=True)
    renewed_from = models.OneToOneField("self", verbose_name="gia hạn từ", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="renewal")
    created_at = models.DateTimeField(auto_now_add=True)
    # The last failed renewal (English, for operators); cleared by nothing: the renewal is a new row.
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "dữ liệu kiểm tra dài hạn"
        verbose_name_plural = "dữ liệu kiểm tra dài hạn"
        ordering = ["record", "id"]

    def __str__(self) -> str:
        return f"{self.file} (đến {self.tsa_valid_until:%d/%m/%Y})"
