"""Trust-store forms: importing certificates, revoking one."""

from django import forms
from django.utils import timezone

from signatures.forms.common import HolderForm, read_upload
from signatures.models import Certificate

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]


class CertificateImportForm(HolderForm):
    file = forms.FileField(label="Tệp chứng thư số", help_text="Định dạng PEM, DER (.cer, .crt) hoặc P7B.")
    kind = forms.ChoiceField(
        label="Loại",
        choices=[
            (Certificate.Kind.TRUST_ANCHOR, "CA gốc tin cậy (Root CA)"),
            (Certificate.Kind.INTERMEDIATE, "CA trung gian"),
            (Certificate.Kind.PERSONAL, "Chứng thư số cá nhân"),
            (Certificate.Kind.ORGANIZATION, "Chứng thư số của cơ quan, tổ chức"),
        ],
    )
    holder_required = False

    field_order = ["file", "kind", "user", "organization"]

    def clean_file(self) -> bytes:
        return read_upload(self.cleaned_data["file"])


class RevocationForm(forms.Form):
    reason = forms.ChoiceField(label="Lý do thu hồi", choices=Certificate.RevocationReason.choices)
    revoked_at = forms.DateTimeField(
        label="Thu hồi có hiệu lực từ",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
        help_text="Mặc định là bây giờ; chọn thời điểm sớm hơn nếu khóa bí mật đã bị lộ từ trước.",
    )

    def clean_revoked_at(self):
        value = self.cleaned_data["revoked_at"]
        if value > timezone.now():
            raise forms.ValidationError("Thời điểm thu hồi không được ở tương lai.")
        return value
