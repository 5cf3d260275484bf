"""Forms of the outgoing-document screens: they check input and turn it into service arguments.
The rules (who may act, when, what is refused) stay in the services."""

from __future__ import annotations

from django import forms

from documents.forms.incoming import StyledForm
from documents.literals import Secrecy, Urgency
from documents.models import DocumentType
from documents.selectors.outgoing import LIST_STATES, organizations_by_ids, reply_options

MAX_UPLOAD = 50 * 1024 * 1024
ACCEPT_CONTENT = ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REQUIRED = {"required": "Vui lòng nhập thông tin này."}
POINT = "diem"  # the signature position chosen by tapping the page
OFF_PAGE = {k: "Điểm đặt chữ ký đã chọn không nằm trên trang; hãy chạm lại vào trang văn bản."
            for k in ("min_value", "max_value", "invalid")}


def _read(upload) -> tuple[str, bytes]:
    if upload.size > MAX_UPLOAD:
        raise forms.ValidationError(f"Tệp “{upload.name}” lớn hơn 50 MB.")
    return upload.name, upload.read()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (phụ lục, tài liệu kèm theo)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class OutgoingFilterForm(StyledForm):
    q = forms.CharField(label="Tìm", required=False, max_length=200)
    state = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả")] + LIST_STATES)


class DraftForm(StyledForm):
    document_type = forms.ModelChoiceField(
        label="Loại văn bản", queryset=DocumentType.objects.filter(is_active=True).exclude(group="copy"),
        empty_label=None, error_messages=REQUIRED)
    subject = forms.CharField(label="Trích yếu", max_length=500, error_messages=REQUIRED,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="Với công văn, ghi sau “V/v”, ví dụ: tăng cường gửi, nhận văn bản điện tử.")
    content = forms.FileField(label="Nội dung văn bản (PDF hoặc DOCX)", error_messages=REQUIRED,
                              widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_CONTENT}),
                              help_text="Để trống số và ngày: hệ thống ghi khi lãnh đạo ký. DOCX được chuyển sang PDF.")
    appendices = MultipleFileField(label="Phụ lục, tài liệu kèm theo", required=False)
    recipients = forms.TypedMultipleChoiceField(label="Nơi nhận điện tử", required=False, coerce=int)
    # Organizations sent a paper copy instead; the reason of each comes as paper_reason_<id>.
    paper_for = forms.TypedMultipleChoiceField(label="Gửi bản giấy", required=False, coerce=int)
    paper_recipients = forms.CharField(
        label="Nơi nhận bản giấy", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mỗi dòng một nơi nhận, ví dụ: Tập đoàn VNPT.")
    urgency = forms.TypedChoiceField(label="Độ khẩn", choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL)
    secrecy = forms.TypedChoiceField(label="Độ mật", choices=Secrecy.choices, coerce=int, initial=Secrecy.NONE)
    reply_to = forms.ChoiceField(label="Trả lời văn bản đến", required=False)

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["document_type"].initial = DocumentType.objects.filter(code="cong-van").first()
        self.replies = reply_options(user=user, organization_id=organization.pk)
        self.fields["reply_to"].choices = [("", "— Không —")] + [
            (str(d.pk), f"{d.symbol or '(chưa có số)'} — {d.issuer_name or ''} — {d.subject[:70]}")
            for d in self.replies]
        # Any organization may be chosen (the autocomplete offers them); unknown ids are dropped.
        self.fields["recipients"].choices = [(v, v) for v in self._posted_ids()]
        self.fields["paper_for"].choices = [(v, v) for v in self._posted_ids("paper_for")]

    def _posted_ids(self, name: str = "recipients") -> list[int]:
        raw = self.data.getlist(self.add_prefix(name)) if hasattr(self.data, "getlist") else []
        return [int(v) for v in raw if str(v).isdigit()]

    def chosen_type(self) -> DocumentType | None:
        """The type the form shows: the posted one, else the initial (công văn)."""
        posted = self.data.get(self.add_prefix("document_type")) if self.is_bound else None
        if posted and str(posted).isdigit():
            return DocumentType.objects.filter(pk=posted).first()
        return self.fields["document_type"].initial

    def chosen_secrecy(self) -> int:
        posted = self.data.get(self.add_prefix("secrecy")) if self.is_bound else None
        return int(posted) if posted and str(posted).isdigit() else 0

    def paper_ids(self) -> list[int]:
        return self._posted_ids("paper_for")

    def paper_reason(self, pk: int) -> str:
        return (self.data.get(f"paper_reason_{pk}") or "").strip() if self.is_bound else ""

    def chosen_recipients(self):
        ids = self.cleaned_data.get("recipients") if self.is_bound and hasattr(self, "cleaned_data") else []
        return organizations_by_ids(ids or self._posted_ids())

    def clean_content(self):
        return _read(self.cleaned_data["content"])

    def clean_appendices(self):
        return [_read(f) for f in self.cleaned_data.get("appendices") or []]

    def clean_paper_recipients(self):
        return [line.strip() for line in self.cleaned_data.get("paper_recipients", "").splitlines() if line.strip()]

    def clean_reply_to(self):
        value = self.cleaned_data.get("reply_to")
        return next((d for d in self.replies if str(d.pk) == value), None) if value else None

    def clean(self):
        data = super().clean()
        if (not self.errors and not data.get("recipients") and not data.get("paper_recipients")
                and not data.get("paper_for")):
            raise forms.ValidationError("Cần chọn ít nhất một nơi nhận (điện tử hoặc bản giấy).")
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        paper = set(d["paper_for"])
        return dict(organization=self.organization, document_type=d["document_type"], subject=d["subject"],
                    content=d["content"], appendices=d["appendices"],
                    recipients=organizations_by_ids(set(d["recipients"]) - paper),
                    paper_organizations=[(o, self.paper_reason(o.pk)) for o in organizations_by_ids(paper)],
                    paper_recipients=d["paper_recipients"], urgency=d["urgency"], secrecy=d["secrecy"],
                    reply_to=d["reply_to"])


class VersionForm(StyledForm):
    content = forms.FileField(label="Tệp nội dung mới (PDF hoặc DOCX)", error_messages=REQUIRED,
                              widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_CONTENT}))
    note = forms.CharField(label="Nội dung sửa", required=False, max_length=500)

    def clean_content(self):
        return _read(self.cleaned_data["content"])


class CommentForm(StyledForm):
    text = forms.CharField(label="Góp ý", max_length=4000, error_messages={"required": "Nội dung góp ý trống."},
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(StyledForm):
    comment = forms.CharField(label="Ý kiến", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Bắt buộc khi trả lại dự thảo.")


class SignForm(StyledForm):
    pin = forms.CharField(label="Mã PIN khóa ký số", max_length=64, strip=False, error_messages=REQUIRED,
                          widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    totp_code = forms.CharField(label="Mã xác thực (ứng dụng xác thực)", required=False, max_length=10,
                                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
    on_behalf_of = forms.ChoiceField(label="Ký với tư cách", required=False)

    def __init__(self, *args, delegators=(), require_totp=False, signs_own=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegators = list(delegators)
        if require_totp:
            self.fields["totp_code"].required = True
            self.fields["totp_code"].error_messages["required"] = "Cơ quan yêu cầu mã xác thực khi ký."
        else:
            del self.fields["totp_code"]
        if self.delegators:
            # A delegate who is no leader signs only for a delegator: no "in my own name" to pick by mistake.
            own = [("", "Tự ký (chức danh của tôi)")] if signs_own else []
            self.fields["on_behalf_of"].choices = own + [
                (str(u.pk), f"Ký thay / thừa ủy quyền {u}") for u in self.delegators]
            self.fields["on_behalf_of"].required = not signs_own
        else:
            del self.fields["on_behalf_of"]

    # Where the signature goes (documents.services.outgoing.placement): found under the signer's
    # title, or chosen — a point tapped on a page's picture (signing-position.js writes page and
    # point), or, without script, a page number and a preset spot.
    position = forms.ChoiceField(label="Vị trí đặt chữ ký", required=False, choices=[
        ("", "Tự động: giữa chức vụ và họ tên người ký"),
        (POINT, "Điểm đã chọn trên trang"),
        ("cuoi-phai", "Cuối trang, bên phải"),
        ("cuoi-giua", "Cuối trang, ở giữa"),
        ("cuoi-trai", "Cuối trang, bên trái"),
        ("giua-phai", "Giữa trang, bên phải"),
    ])
    page = forms.IntegerField(label="Trang", required=False, min_value=1, max_value=200,
                              help_text="Để trống: trang cuối.",
                              error_messages={"min_value": "Số trang phải từ 1 trở lên.",
                                              "max_value": "Số trang không quá 200.",
                                              "invalid": "Số trang phải là một số."},
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-position-page": ""}))
    point_x = forms.FloatField(required=False, min_value=0, max_value=1, error_messages=OFF_PAGE, widget=forms.HiddenInput(
        attrs={"data-position-x": ""}))
    point_y = forms.FloatField(required=False, min_value=0, max_value=1, error_messages=OFF_PAGE, widget=forms.HiddenInput(
        attrs={"data-position-y": ""}))

    def clean_on_behalf_of(self):
        value = self.cleaned_data.get("on_behalf_of")
        return next((u for u in self.delegators if str(u.pk) == value), None) if value else None

    def clean(self):
        data = super().clean()
        if data.get("position") == POINT and (data.get("point_x") is None or data.get("point_y") is None):
            self.add_error("position", "Hãy chạm vào trang văn bản để chọn điểm đặt chữ ký, "
                                       "hoặc chọn một vị trí có sẵn.")
        return data

    def placement_choice(self) -> dict | None:
        """None for the automatic place; else the arguments of `placement_at` (page, point or preset)."""
        d = self.cleaned_data
        if not d.get("position"):
            return None
        if d["position"] == POINT:
            return {"page": d.get("page"), "x": d["point_x"], "y": d["point_y"]}
        return {"page": d.get("page"), "preset": d["position"]}


class ExternalPrepareForm(SignForm):
    """Ký bằng thiết bị ký số (USB token): no PIN here, the signing agent asks for it. (The
    device's signature is placed under the signer's title; no chosen position here yet.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("pin", "position", "page", "point_x", "point_y"):
            del self.fields[name]

    def clean(self):
        return forms.Form.clean(self)


class WithdrawForm(StyledForm):
    reason = forms.CharField(label="Lý do rút lại (nếu có)", required=False, max_length=2000,
                             error_messages={"max_length": "Lý do rút lại dài quá 2.000 ký tự."},
                             widget=forms.Textarea(attrs={"rows": 2}))


class SendBackForm(StyledForm):
    on_behalf_of = forms.ChoiceField(label="Trả lại với tư cách", required=False)
    reason = forms.CharField(label="Lý do trả lại", max_length=4000,
                             error_messages={"required": "Cần ghi lý do khi trả lại dự thảo.",
                                             "max_length": "Lý do trả lại dài quá 4.000 ký tự."},
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, delegators=(), **kwargs):
        kwargs.setdefault("auto_id", "id_tra_lai_%s")  # beside the signing form on the same page
        super().__init__(*args, **kwargs)
        self.delegators = list(delegators)
        if self.delegators:
            self.fields["on_behalf_of"].choices = [("", "Chính tôi")] + [
                (str(u.pk), f"Thay mặt {u} (được ủy quyền ký)") for u in self.delegators]
        else:
            del self.fields["on_behalf_of"]

    def clean_on_behalf_of(self):
        value = self.cleaned_data.get("on_behalf_of")
        return next((u for u in self.delegators if str(u.pk) == value), None) if value else None


class ExternalCompleteForm(StyledForm):
    signature = forms.CharField(label="Chữ ký từ ứng dụng ký số (base64)", max_length=20000,
                                error_messages=REQUIRED, widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}))

    def clean_signature(self):
        return "".join(self.cleaned_data["signature"].split())


class SealForm(StyledForm):
    pin = forms.CharField(label="Mã PIN khóa ký số của cơ quan", max_length=64, strip=False, error_messages=REQUIRED,
                          widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    totp_code = forms.CharField(label="Mã xác thực (ứng dụng xác thực)", max_length=10,
                                error_messages={"required": "Cơ quan yêu cầu mã xác thực khi ký số của cơ quan."},
                                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def __init__(self, *args, require_totp=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not require_totp:
            del self.fields["totp_code"]


class RecallForm(StyledForm):
    reason = forms.CharField(label="Lý do thu hồi", max_length=2000, error_messages={"required": "Cần nêu lý do thu hồi."},
                             widget=forms.Textarea(attrs={"rows": 2}))
