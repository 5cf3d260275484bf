"""Key-custody forms: importing a PKCS#12 key store, registering a key the server does not hold,
setting a signature or seal image."""

from django import forms

from signatures.forms.common import MAX_UPLOAD_BYTES, HolderForm, read_upload
from signatures.models import Certificate, SigningKey


class Pkcs12ImportForm(HolderForm):
    file = forms.FileField(label="Tệp PKCS#12", help_text="Tệp .p12 hoặc .pfx chứa khóa bí mật và chứng thư số.")
    pin = forms.CharField(label="Mã PIN của tệp", widget=forms.PasswordInput(render_value=False), strip=False)

    field_order = ["file", "pin", "user", "organization"]

    def clean_file(self) -> bytes:
        return read_upload(self.cleaned_data["file"])


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
        return read_upload(self.cleaned_data["file"], limit=2 * MAX_UPLOAD_BYTES)
