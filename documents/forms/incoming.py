"""Forms of the incoming-document screens. They check input and turn it into service arguments;
the rules themselves live in the services."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.literals import Secrecy, Urgency
from documents.models import Document, DocumentType
from documents.selectors.incoming import (
    URGENT,
    assignable_people,
    assignable_units,
    people_of,
    people_with_role,
    reply_candidates,
    units_of,
)
from documents.services.incoming.handling import Holder
from documents.services.scan.reading import scan_validate
from qlvb.errors import Refused
from qlvb.models import Organization, Role
from qlvb.widgets import DayMonthYearInput

MAX_UPLOAD = 50 * 1024 * 1024
SCAN_ACCEPT = "application/pdf,.pdf,image/jpeg,image/png,image/tiff,.jpg,.jpeg,.png,.tif,.tiff"
ORGAN_ID_IN_TEXT = re.compile(r"\((\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})\)\s*$")
REQUIRED = {"required": "Vui lòng nhập thông tin này."}


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and not isinstance(self.fields[name].widget, forms.CheckboxSelectMultiple):
                self.fields[name].widget.attrs["class"] += " is-invalid"


DateInput = DayMonthYearInput  # dd/mm/yyyy whatever the browser's language


# --- the list -----------------------------------------------------------------------------------

INCOMING_STATES = [(s.value, s.label) for s in (
    Document.State.ARRIVED, Document.State.REGISTERED, Document.State.PRESENTED, Document.State.ASSIGNED,
    Document.State.PROCESSING, Document.State.DONE, Document.State.REJECTED, Document.State.RECALLED,
)]


class IncomingFilterForm(StyledForm):
    org = forms.TypedChoiceField(label="Cơ quan", coerce=int, required=False)
    received_from = forms.DateField(label="Đến từ ngày", required=False, widget=DateInput())
    received_to = forms.DateField(label="Đến ngày", required=False, widget=DateInput())
    type = forms.ModelChoiceField(label="Loại văn bản", required=False, empty_label="Tất cả loại",
                                  queryset=DocumentType.objects.filter(is_active=True))
    issuer = forms.CharField(label="Cơ quan ban hành", required=False, max_length=200)
    unit = forms.ModelChoiceField(label="Đơn vị xử lý", required=False, empty_label="Tất cả đơn vị",
                                  queryset=Organization.objects.none())
    state = forms.ChoiceField(label="Trạng thái", required=False,
                              choices=[("", "Tất cả"), *INCOMING_STATES, ("overdue", "Quá hạn")])
    urgency = forms.ChoiceField(label="Độ khẩn", required=False, choices=[
        ("", "Tất cả"), (URGENT, "Khẩn trở lên"), *[(str(v), label) for v, label in Urgency.choices]])
    q = forms.CharField(label="Số, ký hiệu hoặc trích yếu", required=False, max_length=200)

    def __init__(self, *args, organizations, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, o.name) for o in organizations]
        self.fields["unit"].queryset = units_of(organization_id=organization.pk)

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            raise ValidationError("Ngày bắt đầu phải trước ngày kết thúc.")
        return data

    def selector_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "received_from": d.get("received_from"), "received_to": d.get("received_to"),
            "document_type_id": d["type"].pk if d.get("type") else None, "issuer": d.get("issuer", "").strip(),
            "unit_id": d["unit"].pk if d.get("unit") else None, "state": d.get("state", ""),
            "urgency": d.get("urgency", ""), "text": d.get("q", "").strip(),
        }


# --- the clerk ----------------------------------------------------------------------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def resolve_issuer(text: str) -> Organization | None:
    """The directory entry the clerk picked: "Tên (mã định danh)", a bare mã định danh, or an exact name."""
    text = (text or "").strip()
    match = ORGAN_ID_IN_TEXT.search(text)
    organ_id = match.group(1) if match else text
    found = Organization.objects.filter(organ_id=organ_id).first()
    return found or Organization.objects.filter(name__iexact=text).order_by("-hosted").first()


class PaperEntryForm(StyledForm):
    document_type = forms.ModelChoiceField(label="Loại văn bản", queryset=DocumentType.objects.filter(is_active=True),
                                           empty_label=None, error_messages=REQUIRED)
    symbol = forms.CharField(label="Số, ký hiệu", max_length=60, error_messages=REQUIRED,
                             widget=forms.TextInput(attrs={"placeholder": "VD: 807/VPCP-KSTT", "autocomplete": "off"}))
    issued_on = forms.DateField(label="Ngày văn bản", required=False, widget=DateInput(),
                                error_messages={"invalid": "Ngày không hợp lệ."})
    issuer_name = forms.CharField(
        label="Cơ quan ban hành", max_length=200, error_messages=REQUIRED,
        help_text="Gõ tên hoặc mã định danh để chọn trong danh bạ; có thể nhập tên cơ quan ngoài danh bạ.",
        widget=forms.TextInput(attrs={"list": "issuer-options", "autocomplete": "off"}),
    )
    subject = forms.CharField(label="Trích yếu", max_length=500, error_messages=REQUIRED,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Enter để lưu, Shift+Enter để xuống dòng.")
    urgency = forms.TypedChoiceField(label="Độ khẩn", choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL)
    secrecy = forms.TypedChoiceField(label="Độ mật", choices=Secrecy.choices, coerce=int, initial=Secrecy.NONE)
    due_date = forms.DateField(label="Hạn trả lời", required=False, widget=DateInput(),
                               error_messages={"invalid": "Ngày không hợp lệ."})
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=150, required=False)
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    scan = forms.FileField(label="Bản quét (PDF hoặc ảnh)", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}))
    attachments = MultipleFileField(label="Tài liệu kèm theo", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].initial = DocumentType.objects.filter(code="cong-van").first()
        # Autocomplete from the directory: htmx fills the input's <datalist>; without JS it is free text.
        self.fields["issuer_name"].widget.attrs.update({
            "autofocus": True, "hx-get": reverse("documents:issuer-options"),
            "hx-trigger": "input changed delay:250ms", "hx-target": "#issuer-options", "hx-sync": "this:replace",
        })

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if not scan:
            return None
        if scan.size > MAX_UPLOAD:
            raise ValidationError("Tệp quá lớn (tối đa 50 MB).")
        data = scan.read()
        scan.seek(0)
        try:
            scan_validate(data=data)
        except Refused as exc:
            raise ValidationError(exc.text()) from None
        return scan

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if any(f.size > MAX_UPLOAD for f in files):
            raise ValidationError("Mỗi tệp kèm theo tối đa 50 MB.")
        return files

    def clean(self):
        data = super().clean()
        data["issuer"] = resolve_issuer(data.get("issuer_name", ""))
        if data["issuer"] is not None:
            data["issuer_name"] = data["issuer"].name
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        scan = d.get("scan")
        return {
            "document_type": d["document_type"], "symbol": d["symbol"], "subject": d["subject"],
            "issued_on": d.get("issued_on"), "issuer": d["issuer"], "issuer_name": d["issuer_name"],
            "urgency": d["urgency"], "secrecy": d["secrecy"], "due_date": d.get("due_date"),
            "scan": (scan.name, scan.read()) if scan else None,
            "attachments": [(f.name, f.read()) for f in d.get("attachments") or []],
            "signer_name": d.get("signer_name", ""), "signer_title": d.get("signer_title", ""),
        }


class RegisterForm(StyledForm):
    allow_duplicate = forms.BooleanField(
        label="Tôi đã kiểm tra: đây là văn bản khác, vẫn vào sổ", required=False)


class RejectForm(StyledForm):
    reason = forms.CharField(label="Lý do từ chối", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Cần nêu lý do từ chối."})


class PresentForm(StyledForm):
    leader = forms.ModelChoiceField(label="Trình lãnh đạo", queryset=None, empty_label=None,
                                    error_messages={"required": "Chọn lãnh đạo để trình.",
                                                    "invalid_choice": "Người được chọn không phải lãnh đạo."})
    note = forms.CharField(label="Ghi chú", required=False, max_length=1000,
                           widget=forms.TextInput(attrs={"placeholder": "Không bắt buộc"}))

    def __init__(self, *args, organization_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = people_with_role(organization_id=organization_id, role=Role.LEADER)
        self.fields["leader"].label_from_instance = lambda u: str(u)


class RecallAnswerForm(StyledForm):
    decision = forms.ChoiceField(choices=[("agree", "Đồng ý"), ("refuse", "Từ chối")],
                                 error_messages={"required": "Chọn đồng ý hoặc từ chối."})
    note = forms.CharField(label="Ghi chú", required=False, max_length=1000)


class RemindForm(StyledForm):
    text = forms.CharField(label="Nội dung đôn đốc", required=False, max_length=1000,
                           widget=forms.TextInput(attrs={"placeholder": "Để trống: nội dung mặc định"}))


# --- the leader and the people handling it ------------------------------------------------------

def holder_choices(organization_id: int) -> list:
    """Grouped choices "unit:<id>" and "user:<id>" over the units and people who can act on an
    assignment: units with a head to distribute it, people with a document role (not an admin alone)."""
    units = [(f"unit:{u.pk}", u.name) for u in assignable_units(organization_id=organization_id)]
    people = [(f"user:{m.user_id}", f"{m.user}{' — ' + m.position_title if m.position_title else ''}"
               f"{' (' + m.unit.abbreviation + ')' if m.unit_id else ''}")
              for m in assignable_people(organization_id=organization_id)]
    return [("Đơn vị", units), ("Cá nhân", people)]


def to_holder(value: str, organization_id: int) -> Holder:
    kind, _, pk = value.partition(":")
    if kind == "unit":
        unit = assignable_units(organization_id=organization_id).filter(pk=pk).first()
        if unit:
            return Holder(unit=unit)
    elif kind == "user":
        membership = assignable_people(organization_id=organization_id).filter(user_id=pk).first()
        if membership:
            return Holder(user=membership.user)
    raise ValidationError(holder_refusal(value, organization_id))


def holder_refusal(value: str, organization_id: int) -> str:
    """Why `value` ("unit:<id>", "user:<id>") cannot be given the document, in the user's words."""
    kind, _, pk = str(value).partition(":")
    if kind == "unit" and pk.isdigit():
        unit = units_of(organization_id=organization_id).filter(pk=pk).first()
        if unit is not None:
            return (f"{unit.name} chưa có lãnh đạo đơn vị để phân công xử lý: hãy chọn đơn vị khác "
                    "hoặc giao cho một người cụ thể.")
    if kind == "user" and pk.isdigit():
        membership = people_of(organization_id=organization_id).filter(user_id=pk).first()
        if membership is not None:
            return (f"{membership.user} không có vai trò xử lý văn bản (văn thư, lãnh đạo, lãnh đạo đơn vị "
                    "hoặc chuyên viên): hãy chọn người khác.")
    return "Lựa chọn không hợp lệ: đơn vị hoặc người này không thuộc cơ quan."


class HolderChoiceField(forms.ChoiceField):
    """A lead unit or person; a value outside the offer is refused with the reason (no head, no role)."""

    organization_id: int | None = None

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as exc:
            if value and self.organization_id is not None:
                raise ValidationError(holder_refusal(value, self.organization_id), code="invalid_choice") from exc
            raise


class HolderMultipleChoiceField(forms.MultipleChoiceField):
    organization_id: int | None = None

    def validate(self, value):
        if self.organization_id is not None:
            offered = {str(k) for _group, options in self.choices for k, _label in options}
            refused = [holder_refusal(v, self.organization_id) for v in value if str(v) not in offered]
            if refused:
                raise ValidationError(refused, code="invalid_choice")
        super().validate(value)


class InstructForm(StyledForm):
    text = forms.CharField(label="Ý kiến chỉ đạo", max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3, "autofocus": True}),
                           error_messages={"required": "Cần nhập ý kiến chỉ đạo."})
    lead = HolderChoiceField(label="Chủ trì", error_messages={"required": "Chọn đơn vị hoặc người chủ trì."})
    coordinate = HolderMultipleChoiceField(label="Phối hợp", required=False, widget=forms.CheckboxSelectMultiple)
    inform = HolderMultipleChoiceField(label="Nhận để biết", required=False, widget=forms.CheckboxSelectMultiple)
    deadline_days = forms.IntegerField(label="Số ngày làm việc", required=False, min_value=1, max_value=365,
                                       error_messages={"min_value": "Số ngày làm việc phải lớn hơn 0.",
                                                       "invalid": "Nhập một số ngày."})
    deadline_date = forms.DateField(label="hoặc đến ngày", required=False, widget=DateInput(),
                                    error_messages={"invalid": "Ngày không hợp lệ."})
    on_behalf_of = forms.TypedChoiceField(label="Cho ý kiến", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organization_id: int, is_leader: bool, delegators: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id = organization_id
        choices = holder_choices(organization_id)
        self.fields["lead"].choices = [("", "— Chọn —"), *choices]
        self.fields["coordinate"].choices = self.fields["inform"].choices = choices
        for name in ("lead", "coordinate", "inform"):
            self.fields[name].organization_id = organization_id
        self.delegators = {d.pk: d for d in delegators}
        if delegators:
            own = [("", "Với tư cách của tôi")] if is_leader else []
            self.fields["on_behalf_of"].choices = own + [(d.pk, f"Thay mặt {d}") for d in delegators]
            self.fields["on_behalf_of"].required = not is_leader
        else:
            del self.fields["on_behalf_of"]

    def clean(self):
        data = super().clean()
        if data.get("deadline_days") and data.get("deadline_date"):
            raise ValidationError("Chỉ nhập hạn theo số ngày làm việc hoặc theo ngày cụ thể, không cả hai.")
        lead = data.get("lead")
        for name in ("coordinate", "inform"):
            if lead and lead in (data.get(name) or []):
                self.add_error(name, "Đơn vị, người chủ trì không chọn lại ở đây.")
        if set(data.get("coordinate") or []) & set(data.get("inform") or []):
            self.add_error("inform", "Một đơn vị, người không thể vừa phối hợp vừa nhận để biết.")
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        org = self.organization_id
        return {
            "text": d["text"], "lead": to_holder(d["lead"], org),
            "coordinate": [to_holder(v, org) for v in d.get("coordinate") or []],
            "inform": [to_holder(v, org) for v in d.get("inform") or []],
            "deadline_days": d.get("deadline_days"), "deadline_date": d.get("deadline_date"),
            "on_behalf_of": self.delegators.get(d.get("on_behalf_of")),
        }


class RedistributeForm(StyledForm):
    users = forms.MultipleChoiceField(label="Giao cho", widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "Chọn ít nhất một người."})
    note = forms.CharField(label="Ghi chú", required=False, max_length=1000)

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, prefix=f"r{assignment.pk}", **kwargs)
        members = people_of(organization_id=assignment.document.organization_id, unit_id=assignment.unit_id)
        self.people = {str(m.user_id): m.user for m in members}
        self.fields["users"].choices = [(str(m.user_id), f"{m.user} — {m.position_title}".rstrip(" —"))
                                        for m in members]

    def chosen_users(self) -> list:
        return [self.people[v] for v in self.cleaned_data["users"]]


class ProgressForm(StyledForm):
    text = forms.CharField(label="Nội dung tiến độ", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Cần nhập nội dung tiến độ."})
    percent = forms.IntegerField(label="Hoàn thành (%)", required=False, min_value=0, max_value=100,
                                 error_messages={"min_value": "Tiến độ phải từ 0 đến 100%%.",
                                                 "max_value": "Tiến độ phải từ 0 đến 100%%.",
                                                 "invalid": "Nhập một số từ 0 đến 100."})

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, prefix=f"p{assignment.pk}", **kwargs)


class CompleteForm(StyledForm):
    result = forms.CharField(label="Kết quả xử lý", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Cần nêu kết quả xử lý."})
    reply_document = forms.ChoiceField(label="Văn bản trả lời (nếu có)", required=False)

    def __init__(self, *args, assignment, user, **kwargs):
        super().__init__(*args, prefix=f"c{assignment.pk}", **kwargs)
        self.candidates = reply_candidates(user=user, organization_id=assignment.document.organization_id)
        self.fields["reply_document"].choices = [("", "— Không có —")] + [
            (str(d.pk), f"{d.symbol or '(chưa có số)'} — {d.subject[:60]}") for d in self.candidates[:50]]

    def clean_reply_document(self):
        value = self.cleaned_data.get("reply_document")
        return self.candidates.filter(pk=value).first() if value else None
