"""What the administration forms share: reading an upload, and choosing the holder of a key or a
certificate (a person or an organization)."""

from django import forms

from qlvb.models import Organization, User

MAX_UPLOAD_BYTES = 1024 * 1024


def read_upload(upload, limit: int = MAX_UPLOAD_BYTES) -> bytes:
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
