"""The outgoing workflow's refusals as API answers; the mechanism is documents.api.errors, this
module adds what only dispatch needs: every reason it was refused, in English and Vietnamese."""

from __future__ import annotations

from rest_framework import serializers

from documents.api.errors import API_LANGUAGE, SCREEN_LANGUAGE, ErrorOutput, ServiceRefused, service_errors
from documents.errors import DocumentError
from documents.services.outgoing.issuing import IssueError

__all__ = ["DispatchRefusedOutput", "ErrorOutput", "ServiceRefused", "dispatch_refused", "service_errors"]


def dispatch_refused(problems) -> ServiceRefused:
    """400 with every reason the document may not be dispatched yet, each with its code."""
    return ServiceRefused.of(IssueError(DocumentError.DISPATCH_REFUSED, problems=problems),
                             problems=[p.text(API_LANGUAGE) for p in problems],
                             problems_vi=[p.text(SCREEN_LANGUAGE) for p in problems],
                             problem_codes=[p.code.value for p in problems])


class DispatchRefusedOutput(ErrorOutput):
    problems = serializers.ListField(child=serializers.CharField(), help_text="Every reason, in English.")
    problems_vi = serializers.ListField(child=serializers.CharField(), help_text="The same, in Vietnamese.")
    problem_codes = serializers.ListField(child=serializers.CharField(), help_text="The code of each reason.")
