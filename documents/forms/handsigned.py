"""Forms of the hand-signed outgoing documents (văn bản đi ký tay): registering the signed paper,
dispatching it, and the post register's filter. The rules stay in
documents.services.outgoing.handsigned."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from documents.forms.incoming import DateInput, StyledForm
from documents.forms.outgoing import MAX_UPLOAD
from documents.literals import Secrecy, Urgency
from documents.models import DocumentType
from documents.selectors.outgoing import organizations_by_ids
from documents.services.outgoing.handsigned import handsigned_leaders
from qlvb.models import Unit

REQUIRED = {"required": "Vui lòng nhập thông tin này."}
SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
BAD_DATE = {"invalid": "Ngày không hợp lệ (dd/mm/yyyy)."}


class HandsignedForm(StyledForm):
    document_type = forms.ModelChoiceField(
        label="Loại văn bản", queryset=DocumentType.objects.filter(is_active=True).exclude(group="copy"),
        empty_label=None, error_messages={**REQUIRED, "invalid_choice": "Loại văn bản không hợp lệ."})
    subject = forms.CharField(label="Trích yếu", max_length=500, error_messages=REQUIRED,
                              widget=forms.Textarea(attrs={"rows": 2}))
    scan = forms.FileField(
        label="Bản quét văn bản đã ký (PDF hoặc ảnh)",
        error_messages={"required": "Vui lòng đính kèm bản quét văn bản giấy đã ký.",
                        "empty": "Tệp bản quét rỗng.", "invalid": "Không đọc được tệp bản quét."},
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
        help_text="PDF hoặc ảnh chụp, quét (JPG, PNG, TIFF); ảnh được chuyển sang PDF. Nên quét màu, từ 200 dpi.")
    signed_by = forms.ChoiceField(label="Lãnh đạo ký", required=False,
                                  help_text="Chọn lãnh đạo đã ký; hoặc để trống và ghi họ tên người ký.")
    signer_name = forms.CharField(label="Họ tên người ký", required=False, max_length=150)
    signer_title = forms.CharField(label="Chức vụ người ký", required=False, max_length=150,
                                   widget=forms.TextInput(attrs={"placeholder": "VD: Phó Chủ tịch"}),
                                   help_text="Để trống khi đã chọn lãnh đạo: lấy chức vụ của lãnh đạo trong cơ quan.")
    signed_on = forms.DateField(label="Ngày ký", widget=DateInput(), error_messages={**REQUIRED, **BAD_DATE})
    unit = forms.ChoiceField(label="Đơn vị soạn thảo", required=False)
    urgency = forms.TypedChoiceField(label="Độ khẩn", choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL)
    secrecy = forms.TypedChoiceField(label="Độ mật", choices=Secrecy.choices, coerce=int, initial=Secrecy.NONE)
    recipients = forms.TypedMultipleChoiceField(label="Nơi nhận điện tử", required=False, coerce=int)
    paper_recipients = forms.CharField(
        label="Nơi nhận bản giấy", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mỗi dòng một nơi nhận, gửi qua bưu điện.")

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["document_type"].initial = DocumentType.objects.filter(code="cong-van").first()
        self.fields["signed_on"].initial = timezone.localdate()
        self.leaders = {str(u.pk): u for u in handsigned_leaders(organization)}
        self.fields["signed_by"].choices = [("", "— Người ký khác —")] + [
            (pk, u.full_name or u.username) for pk, u in self.leaders.items()]
        self.units = {str(u.pk): u for u in Unit.objects.filter(organization=organization).order_by("name")}
        self.fields["unit"].choices = [("", "— Không ghi đơn vị —")] + [(pk, u.name) for pk, u in self.units.items()]
        self.fields["recipients"].choices = [(v, v) for v in self._posted_ids()]

    def _posted_ids(self) -> list[int]:
        raw = self.data.getlist(self.add_prefix("recipients")) if hasattr(self.data, "getlist") else []
        return [int(v) for v in raw if str(v).isdigit()]

    def chosen_recipients(self):
        return organizations_by_ids(self._posted_ids())

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if scan.size > MAX_UPLOAD:
            raise forms.ValidationError("Tệp bản quét lớn hơn 50 MB.")
        return scan.name, scan.read()

    def clean_paper_recipients(self):
        return [line.strip() for line in self.cleaned_data.get("paper_recipients", "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("recipients") and not data.get("paper_recipients"):
            raise forms.ValidationError("Cần ít nhất một nơi nhận (điện tử hoặc bản giấy).")
        if not data.get("signed_by"):
            if not (data.get("signer_name") or "").strip():
                self.add_error("signer_name", "Chọn lãnh đạo đã ký hoặc ghi họ tên người ký.")
            if not (data.get("signer_title") or "").strip():
                self.add_error("signer_title", "Ghi chức vụ người ký.")
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return dict(organization=self.organization, document_type=d["document_type"], subject=d["subject"],
                    scan=d["scan"], signer_name=d.get("signer_name", ""), signer_title=d["signer_title"],
                    signed_on=d["signed_on"], signed_by=self.leaders.get(d.get("signed_by") or ""),
                    unit=self.units.get(d.get("unit") or ""), urgency=d["urgency"], secrecy=d["secrecy"],
                    recipients=organizations_by_ids(d.get("recipients") or []),
                    paper_recipients=d["paper_recipients"])


class PostRegisterFilterForm(StyledForm):
    date_from = forms.DateField(label="Từ ngày", required=False, widget=DateInput(), error_messages=BAD_DATE)
    date_to = forms.DateField(label="Đến ngày", required=False, widget=DateInput(), error_messages=BAD_DATE)

    def period(self) -> tuple[dt.date, dt.date]:
        """The dates asked for; this year so far when none (or bad ones) are given."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("date_from") or dt.date(today.year, 1, 1), data.get("date_to") or today
