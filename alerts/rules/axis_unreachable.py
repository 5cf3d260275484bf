"""Mất kết nối trục: the last poll failed, or no poll succeeded within the threshold."""

from __future__ import annotations

from interchange.models import AxisConnection

from .. import conf
from ..health import connection_problem
from ..models import Severity
from .base import Category, Finding, Rule


class AxisUnreachable(Rule):
    code = "axis_unreachable"
    label = "Không kết nối được trục liên thông"
    category = Category.SYSTEM

    def description(self) -> str:
        return f"Lần nhận gần nhất từ trục bị lỗi, hoặc quá {conf.get('AXIS_SILENT_MINUTES'):g} phút không nhận được."

    def findings(self, *, now):
        for connection in AxisConnection.objects.filter(is_active=True):
            problem = connection_problem(connection, now)
            if problem:
                yield Finding(
                    key=f"connection:{connection.pk}", severity=Severity.CRITICAL,
                    title=f"Không kết nối được trục liên thông ({connection.name})",
                    detail=f"{problem}. Địa chỉ: {connection.endpoint}.",
                )
