"""Administration forms: importing certificates and key stores, registering keys, images, revoking."""

from django import forms
from django.utils import timezone

from qlvb.models import Organization, User
from signatures.models import Certificate, SigningKey

MAX_UPLOAD_BYTES = 1024 * 1024
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]


def _read_upload(upload, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    if upload.size > limit:
        raise forms.ValidationError(f"Tệp quá lớn (tối đa {limit // 1024} KB).")
    data = upload.read()
    if not data:
        raise forms.ValidationError("Tệp rỗng.")
    return data


class HolderForm(forms.Form):
    """A person or an organization, exactly one."""

    user = forms.ModelChoiceField(
        label="Người được cấp", queryset=User.objects.filter(is_active=True).order_by("full_name"), required=False
    )
    organization = forms.ModelChoiceField(
        label="Cơ quan được cấp (chữ ký số của cơ quan)",
        queryset=Organization.objects.filter(hosted=True).order_by("name"),
        required=False,
    )
    holder_required = True

    def clean(self):
        data = super().clean()
        user, organization = data.get("user"), data.get("organization")
        if user and organization:
            raise forms.ValidationError("Chọn người được cấp hoặc cơ quan được cấp, không chọn cả hai.")
        if self.holder_required and not (user or organization):
            raise forms.ValidationError("Chọn người được cấp hoặc cơ quan được cấp.")
        return data


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
        return _read_upload(self.cleaned_data["file"])


class Pkcs12ImportForm(HolderForm):
    file = forms.FileField(label="Tệp PKCS#12", help_text="Tệp .p12 hoặc .pfx chứa khóa bí mật và chứng thư số.")
    pin = forms.CharField(label="Mã PIN của tệp", widget=forms.PasswordInput(render_value=False), strip=False)

    field_order = ["file", "pin", "user", "organization"]

    def clean_file(self) -> bytes:
        return _read_upload(self.cleaned_data["file"])


class SigningKeyRegisterForm(HolderForm):
    custody = forms.ChoiceField(
        label="Nơi giữ khóa",
        choices=[(c.value, c.label) for c in SigningKey.Custody if c != SigningKey.Custody.SERVER],
    )
    certificate = forms.ModelChoiceField(
        label="Chứng thư số",
        queryset=Certificate.objects.filter(is_ca=False, revoked_at__isnull=True).exclude(
            kind=Certificate.Kind.SERVICE
        ),
    )
    token_label = forms.CharField(label="Nhãn token", required=False)
    key_label = forms.CharField(label="Nhãn khóa", required=False)
    module_path = forms.CharField(
        label="Thư viện PKCS#11", required=False, help_text="Để trống: SoftHSM2 (/usr/lib/softhsm/libsofthsm2.so)."
    )

    field_order = ["custody", "certificate", "user", "organization", "token_label", "key_label", "module_path"]


class SignatureImageForm(HolderForm):
    file = forms.FileField(
        label="Ảnh PNG", help_text="Ảnh chữ ký (màu xanh) của người ký hoặc ảnh con dấu (màu đỏ), nền trong suốt."
    )

    field_order = ["file", "user", "organization"]

    def clean_file(self) -> bytes:
        return _read_upload(self.cleaned_data["file"], limit=2 * MAX_UPLOAD_BYTES)


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
