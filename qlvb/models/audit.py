"""The append-only, keyed hash chain of the audit log, and its timestamped anchors.

Each row stores the MAC of the previous row and its own MAC, HMAC-SHA256 under a key kept outside
the database, over the previous MAC and a canonical form of its content (qlvb.services.audit).
`AuditHead` is the single row that services lock to append, and that remembers the last MAC and
count. `AuditAnchor` rows hold the TSA's timestamps of the head MAC.
"""

from django.conf import settings
from django.db import models

from qlvb.audit_actions import AUDIT_ACTION_CHOICES


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The delegator when the actor acted under a delegation.",
    )
    organization = models.ForeignKey(
        "qlvb.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=80, choices=AUDIT_ACTION_CHOICES)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # The MAC of the row before (GENESIS for the first) and this row's MAC: HMAC-SHA256 under the audit key
    # (qlvb.services.audit). `key_id` names the key; blank marks a row of the old unkeyed SHA-256 chain,
    # which `manage.py audit_upgrade` re-chains once after checking it.
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        verbose_name = "nhật ký hệ thống"
        verbose_name_plural = "nhật ký hệ thống"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    count = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "đầu chuỗi nhật ký"

    def __str__(self) -> str:
        return f"{self.count} rows, last {self.last_hash[:12]}"


class AuditAnchor(models.Model):
    """The chain's head MAC at one moment, timestamped by the TSA (RFC 3161): an outside witness
    that a rewrite of the rows up to `head_seq` cannot match. Written by the signatures app's anchoring
    task (it owns the TSA client); append-only like the events."""

    head_seq = models.PositiveBigIntegerField()
    head_mac = models.CharField(max_length=64)
    token = models.BinaryField(help_text="DER ContentInfo (SignedData with TSTInfo) from the TSA.")
    tsa_time = models.DateTimeField("thời điểm TSA xác nhận")
    tsa_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mốc thời gian của nhật ký"
        verbose_name_plural = "mốc thời gian của nhật ký"
        ordering = ["head_seq"]

    def __str__(self) -> str:
        return f"#{self.head_seq} @ {self.tsa_time:%Y-%m-%d %H:%M:%S}"
