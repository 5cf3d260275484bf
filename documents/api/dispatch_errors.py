"""The outgoing workflow's refusals as API answers; the mechanism is documents.api.errors, this
module adds what only dispatch needs: every reason it was refused, in English and Vietnamese."""

from __future__ import annotations

from rest_framework import serializers

from documents.api.errors import ErrorOutput, english, service_errors
from documents.api.errors import ServiceRefused as Refused

__all__ = ["DispatchRefusedOutput", "ErrorOutput", "Refused", "dispatch_problem_english", "english", "service_errors"]

DISPATCH = {
    "Văn bản chưa được cấp số.": "The document has no number.",
    "Văn bản chưa có chữ ký số của người có thẩm quyền.": "The document is not signed by its signer.",
    "Văn bản chưa có chữ ký số của cơ quan (chưa đóng dấu).": "The document has no organization signature (seal).",
    "Văn bản đã được phát hành; không gửi trùng.": "The document was already dispatched; it is never sent twice.",
    "Văn bản chưa có nơi nhận.": "The document has no addressees.",
    "Văn bản mật không được gửi qua Trục liên thông văn bản quốc gia.":
        "Secret documents never travel over the national axis.",
}


def dispatch_problem_english(problem: str) -> str:
    if problem.startswith("Chữ ký số trên văn bản không hợp lệ"):
        return "A signature on the document is not valid."
    return DISPATCH.get(problem, problem)


class DispatchRefusedOutput(ErrorOutput):
    problems = serializers.ListField(child=serializers.CharField(), help_text="Every reason, in English.")
    problems_vi = serializers.ListField(child=serializers.CharField(), help_text="The same, in Vietnamese.")
