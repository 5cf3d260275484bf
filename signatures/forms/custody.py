"""Key-custody forms: importing a PKCS#12 key store, registering a key the server does not hold,
setting a signature or seal image."""

from django import forms

from qlvb.errors import Refused
from signatures.forms.common import MAX_UPLOAD_BYTES, HolderForm, read_upload
from signatures.models import Certificate, SigningKey
from signatures.services.custody import pin_policy_check


class Pkcs12ImportForm(HolderForm):
    file = forms.FileField(label="Tệp PKCS#12", help_text="Tệp .p12 hoặc .pfx chứa khóa bí mật và chứng thư số.")
    pin = forms.CharField(label="Mã PIN của tệp", widget=forms.PasswordInput(render_value=False), strip=False)
    new_pin = forms.CharField(
        label="Mã PIN mới để ký",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Để trống: giữ mã PIN của tệp. Mã PIN của khóa lưu trên máy chủ phải đủ dài "
        "(mặc định ít nhất 8 ký tự) và không phải một dãy dễ đoán như 12345678.",
    )

    field_order = ["file", "pin", "new_pin", "user", "organization"]

    def clean_file(self) -> bytes:
        return read_upload(self.cleaned_data["file"])

    def clean(self):
        cleaned = super().clean()
        new_pin = cleaned.get("new_pin")
        if new_pin:  # the file's own PIN is checked once the file is open (a wrong one says so first)
            try:
                pin_policy_check(new_pin)
            except Refused as refusal:
                self.add_error("new_pin", refusal.text())
        return cleaned


class PinChangeForm(forms.Form):
    """A new PIN for a server-held key, given the current one."""

    pin = forms.CharField(label="Mã PIN hiện tại", widget=forms.PasswordInput(render_value=False), strip=False)
    new_pin = forms.CharField(label="Mã PIN mới", widget=forms.PasswordInput(render_value=False), strip=False)
    new_pin_again = forms.CharField(
        label="Nhập lại mã PIN mới", widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean(self):
        cleaned = super().clean()
        new_pin, again = cleaned.get("new_pin"), cleaned.get("new_pin_again")
        if new_pin:
            try:
                pin_policy_check(new_pin)
            except Refused as refusal:
                self.add_error("new_pin", refusal.text())
        if new_pin and again is not None and new_pin != again:
            self.add_error("new_pin_again", "Hai lần nhập mã PIN mới không khớp nhau.")
        return cleaned


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
