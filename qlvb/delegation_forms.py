"""The form of a new delegation (ủy quyền): it checks the input and turns it into the service's
arguments; the rules (who may delegate to whom, which signing form) stay in qlvb.services.delegation."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from qlvb.delegation_selectors import delegate_candidates
from qlvb.models import Membership, SigningForm
from qlvb.models.delegation import DelegationScope, ReasonKind

REQUIRED = "Vui lòng nhập thông tin này."
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M"]
DELEGATION_FORMS = [(SigningForm.KT, "KT. — ký thay (giao cho cấp phó)"),
                    (SigningForm.TUQ, "TUQ. — thừa ủy quyền (giao cho trưởng đơn vị)"),
                    (SigningForm.TL, "TL. — thừa lệnh (giao cho trưởng đơn vị)")]


class DelegateChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return self.labels.get(user.pk, str(user))


class PeriodWidget(forms.SplitDateTimeWidget):
    """A day typed dd/mm/yyyy and a time (the phone's own time picker)."""

    def __init__(self):
        super().__init__(date_attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "class": "form-control",
                                     "autocomplete": "off", "maxlength": "10"},
                         time_attrs={"type": "time", "class": "form-control"},
                         date_format="%d/%m/%Y", time_format="%H:%M")


def _period_field(label: str) -> forms.SplitDateTimeField:
    return forms.SplitDateTimeField(label=label, widget=PeriodWidget(), input_date_formats=DATE_FORMATS,
                                    input_time_formats=TIME_FORMATS,
                                    error_messages={"required": REQUIRED, "invalid_date": "Ngày không hợp lệ "
                                                    "(dd/mm/yyyy).", "invalid_time": "Giờ không hợp lệ (hh:mm)."})


class DelegationForm(forms.Form):
    organization = forms.ModelChoiceField(label="Cơ quan", queryset=None, empty_label=None, error_messages={
        "invalid_choice": "Chỉ ủy quyền trong cơ quan mà bạn là lãnh đạo.", "required": REQUIRED})
    delegate = DelegateChoice(
        label="Người được ủy quyền", queryset=None, error_messages={
            "required": "Hãy chọn người được ủy quyền.",
            "invalid_choice": "Người được chọn không thuộc danh sách lãnh đạo, trưởng đơn vị của cơ quan."},
        help_text="Lãnh đạo hoặc người đứng đầu đơn vị của cơ quan; không ủy quyền cho chuyên viên.")
    starts_at = _period_field("Từ")
    ends_at = _period_field("Đến")
    reason_kind = forms.ChoiceField(label="Lý do vắng mặt", choices=ReasonKind.choices, widget=forms.RadioSelect,
                                    error_messages={"required": "Hãy chọn lý do vắng mặt."})
    reason = forms.CharField(label="Ghi rõ lý do", max_length=300, required=False,
                             help_text="Bắt buộc khi chọn “Lý do khác”; có thể ghi thêm nơi công tác, hội nghị…")
    scope = forms.ChoiceField(label="Phạm vi ủy quyền", choices=DelegationScope.choices)
    signing_form = forms.ChoiceField(
        label="Hình thức ký", choices=DELEGATION_FORMS,
        help_text="Nghị định 30/2020, Điều 13: ký thay (KT.) cho cấp phó; thừa ủy quyền (TUQ.) hoặc thừa lệnh "
                  "(TL.) cho người đứng đầu đơn vị. Người ký thừa ủy quyền không được ủy quyền lại.")

    def __init__(self, *args, user, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = type(organizations[0]).objects.filter(
            pk__in=[o.pk for o in organizations]).order_by("name") if organizations else None
        if len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.initial.setdefault("organization", organizations[0].pk)
        candidates = delegate_candidates(user, organizations)
        self.fields["delegate"].queryset = candidates
        self.fields["delegate"].labels = self._labels(candidates, several=len(organizations) > 1)
        for name in ("organization", "scope", "signing_form"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["delegate"].widget.attrs["class"] = "form-select"
        self.fields["reason"].widget.attrs["class"] = "form-control"
        self.fields["reason_kind"].widget.attrs["class"] = "form-check-input"
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("starts_at", now)
            self.initial.setdefault("ends_at", now + dt.timedelta(days=1))
            self.initial.setdefault("scope", DelegationScope.SIGNING)

    @staticmethod
    def _labels(candidates, *, several: bool) -> dict[int, str]:
        """"Lý Văn Thắng — Trưởng phòng, Phòng Văn xã" for each person."""
        labels: dict[int, str] = {}
        rows = (Membership.objects.filter(user__in=candidates, is_active=True)
                .select_related("user", "unit", "organization").order_by("pk"))
        for m in rows:
            if m.user_id in labels:
                continue
            where = ", ".join(part for part in (m.position_title, m.unit.name if m.unit_id else "",
                                                m.organization.short_name if several else "") if part)
            labels[m.user_id] = f"{m.user} — {where}" if where else str(m.user)
        return labels
