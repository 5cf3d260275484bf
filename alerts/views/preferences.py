"""A person's choice of which alerts reach them by e-mail, and whether the daily report does."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ..models import NotificationPreference
from ..rules import RULES


class PreferenceForm(forms.ModelForm):
    email_rules = forms.MultipleChoiceField(
        label="Chỉ nhận thư về các loại cảnh báo", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, rule.label) for code, rule in RULES.items()],
        help_text="Không chọn loại nào: nhận mọi loại cảnh báo từ mức độ đã chọn trở lên.",
    )

    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "email_min_severity", "email_rules", "daily_report"]
        widgets = {
            "email_enabled": forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
            "daily_report": forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
            "email_min_severity": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_rules"].widget.attrs["class"] = "form-check-input"


@login_required
def preferences(request):
    pref = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu cài đặt nhận cảnh báo.")
        return redirect("alerts:preferences")
    return render(request, "alerts/preferences.html", {"form": form, "has_email": bool(request.user.email)})
