"""Delegation (ủy quyền): a leader lets another person handle or sign for a period."""

from django.db import models
from django.utils import timezone


class SigningForm(models.TextChoices):
    KT = "KT", "KT. (ký thay)"
    TL = "TL", "TL. (thừa lệnh)"
    TUQ = "TUQ", "TUQ. (thừa ủy quyền)"
    TM = "TM", "TM. (thay mặt)"


class DelegationScope(models.TextChoices):
    HANDLING = "handling", "Xử lý, cho ý kiến chỉ đạo"
    SIGNING = "signing", "Ký văn bản"
    ALL = "all", "Xử lý và ký văn bản"


class ReasonKind(models.TextChoices):
    """Why the leader is away (seed 004, 1.b: a leader delegates only when away on business or for a
    reason the rules on duty accept); kept apart from the free text so the figures can count them."""

    BUSINESS_TRIP = "business_trip", "Đi công tác"
    LEAVE = "leave", "Nghỉ phép"
    SICK = "sick", "Nghỉ ốm"
    MEETING = "meeting", "Họp, hội nghị"
    OTHER = "other", "Lý do khác"


class DelegationQuerySet(models.QuerySet):
    def in_force(self, *, scope: str | None = None, at=None) -> "DelegationQuerySet":
        """Delegations in force at `at` (default: now): started, not ended, not revoked; with `scope`,
        those that cover it (that scope, or all)."""
        at = at or timezone.now()
        qs = self.filter(starts_at__lte=at, ends_at__gt=at, revoked_at__isnull=True)
        return qs.filter(scope__in=[scope, DelegationScope.ALL]) if scope else qs


class Delegation(models.Model):
    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan", on_delete=models.CASCADE, related_name="delegations"
    )
    delegator = models.ForeignKey(
        "qlvb.User", verbose_name="người ủy quyền", on_delete=models.PROTECT, related_name="delegations_given"
    )
    delegate = models.ForeignKey(
        "qlvb.User", verbose_name="người được ủy quyền", on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    starts_at = models.DateTimeField("từ")
    ends_at = models.DateTimeField("đến")
    scope = models.CharField("phạm vi", max_length=20, choices=DelegationScope.choices)
    signing_form = models.CharField("hình thức ký", max_length=3, choices=SigningForm.choices)
    reason_kind = models.CharField("loại lý do", max_length=20, choices=ReasonKind.choices, blank=True,
                                   help_text="Blank for delegations made before the reasons were listed.")
    reason = models.CharField("lý do", max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="ủy quyền gốc", null=True, blank=True, on_delete=models.PROTECT,
        related_name="sub_delegations",
        help_text="Ủy quyền này được giao lại từ một ủy quyền khác.",
    )
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    # Set once when the end of the period is recorded (audit and notices), by qlvb.tasks.
    end_recorded_at = models.DateTimeField("ghi nhận hết hạn lúc", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = "ủy quyền"
        verbose_name_plural = "ủy quyền"
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="delegation_period_valid"),
            models.CheckConstraint(
                condition=~models.Q(delegator=models.F("delegate")), name="delegation_not_self"
            ),
        ]
        indexes = [models.Index(fields=["delegate", "starts_at", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate} ({self.signing_form})"
