"""Forms of copies: the request (form, direction, extract's pages, scan), the paper printing."""

from __future__ import annotations

from django import forms

from documents.forms.incoming import StyledForm
from documents.models import DocumentCopy

PAGE_ERRORS = {"min_value": "Số trang phải từ 1 trở lên.", "invalid": "Số trang phải là một số."}


class CopyRequestForm(StyledForm):
    # Plain text fields with a select widget: an unknown value reaches the service, which says why.
    form = forms.CharField(label="Hình thức sao", max_length=5,
                           widget=forms.Select(choices=[("", "— Chọn —"), *DocumentCopy.Form.choices]),
                           error_messages={"required": "Chọn hình thức sao: sao y, sao lục hoặc trích sao."})
    mode = forms.CharField(label="Cách sao", max_length=5, initial=DocumentCopy.Mode.E2E,
                           widget=forms.Select(choices=DocumentCopy.Mode.choices))
    first_page = forms.IntegerField(label="Từ trang", required=False, min_value=1, error_messages=PAGE_ERRORS,
                                    help_text="Chỉ với trích sao.",
                                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    last_page = forms.IntegerField(label="Đến trang", required=False, min_value=1, error_messages=PAGE_ERRORS,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    purpose = forms.CharField(label="Lý do sao", required=False, max_length=300)
    recipients = forms.CharField(label="Nơi nhận bản sao (mỗi dòng một nơi)", required=False, max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    source_copy = forms.ChoiceField(label="Sao lục từ bản sao y", required=False,
                                    help_text="Chỉ với sao lục: bản sao y đã hoàn thành của văn bản này.")
    scan = forms.FileField(label="Bản quét văn bản giấy (PDF)", required=False,
                           help_text="Chỉ khi sao từ văn bản giấy.")


    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {str(c.pk): c for c in sources}
        if self.sources:
            self.fields["source_copy"].choices = [("", "— Từ văn bản gốc —")] + [
                (pk, f"{c.symbol} ({c.get_mode_display().lower()})") for pk, c in self.sources.items()]
        else:
            del self.fields["source_copy"]

    def source(self):
        return self.sources.get(self.cleaned_data.get("source_copy") or "")


class CopySignForm(StyledForm):
    pin = forms.CharField(label="Mã PIN khóa ký số", max_length=64, strip=False,
                          error_messages={"required": "Nhập mã PIN."},
                          widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    totp_code = forms.CharField(label="Mã xác thực (ứng dụng xác thực)", required=False, max_length=10,
                                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
    on_behalf_of = forms.ChoiceField(label="Ký với tư cách", required=False)

    def __init__(self, *args, delegators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.delegators = {str(u.pk): u for u in delegators}
        if self.delegators:
            self.fields["on_behalf_of"].choices = [("", "Tự ký (chức danh của tôi)")] + [
                (pk, f"Ký thay / thừa ủy quyền {u}") for pk, u in self.delegators.items()]
        else:
            del self.fields["on_behalf_of"]

    def leader(self):
        return self.delegators.get(self.cleaned_data.get("on_behalf_of") or "")


class CopyPrintForm(StyledForm):
    signer = forms.ChoiceField(label="Người ký bản sao (ký tay)")
    count = forms.IntegerField(label="Số bản in", min_value=1, max_value=500, initial=1,
                               error_messages={"min_value": "Nhập số bản in (từ 1 đến 500).",
                                               "max_value": "Nhập số bản in (từ 1 đến 500).",
                                               "required": "Nhập số bản in (từ 1 đến 500).",
                                               "invalid": "Nhập số bản in (từ 1 đến 500)."},
                               widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.leaders = {str(u.pk): u for u in leaders}
        self.fields["signer"].choices = [(pk, str(u)) for pk, u in self.leaders.items()]
