"""People: users, their memberships in organizations/units, and roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    CLERK = "clerk", "Văn thư"
    LEADER = "leader", "Lãnh đạo"
    UNIT_HEAD = "unit_head", "Lãnh đạo đơn vị"
    SPECIALIST = "specialist", "Chuyên viên"
    ADMIN = "admin", "Quản trị"
    ARCHIVIST = "archivist", "Lưu trữ cơ quan"


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    # The second factor (authenticator app, recovery codes) is in django-otp's devices:
    # qlvb.services.second_factor.

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


class Membership(models.Model):
    """A person's place in an organization: unit, position title and roles."""

    user = models.ForeignKey(User, verbose_name="người dùng", on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "qlvb.Organization", verbose_name="cơ quan", on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "qlvb.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="memberships",
    )
    position_title = models.CharField("chức vụ", max_length=150, blank=True)
    secret_clearance = models.BooleanField(
        "được xem văn bản mật", default=False,
        help_text="Người được giao quản lý hoặc giải quyết văn bản mật của cơ quan.",
    )
    is_active = models.BooleanField("đang công tác", default=True)

    class Meta:
        verbose_name = "vị trí công tác"
        verbose_name_plural = "vị trí công tác"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_user_org_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.position_title or ''} {self.organization.short_name}".strip()

    @property
    def role_set(self) -> set[str]:
        return {r.role for r in self.roles.all()}


class MembershipRole(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="membership_role_unique"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()
