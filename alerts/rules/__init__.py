"""The detection rules, one module each. `RULES` maps a rule's code to it, in display order."""

from __future__ import annotations

from .axis_unreachable import AxisUnreachable
from .backlog import Backlog
from .base import Category, Finding, Rule
from .certificate_expiring import CertificateExpiring
from .disk_low import DiskLow
from .dispatch_late import DispatchLate
from .invalid_signature import InvalidSignature
from .not_accepted import NotAccepted
from .not_arrived import NotArrived
from .outbox_stuck import OutboxStuck
from .process_silent import ProcessSilent
from .processing_overdue import ProcessingOverdue
from .receive_failed import ReceiveFailed
from .rejected import Rejected
from .rejected_by_us import RejectedByUs
from .send_failed import SendFailed
from .status_owed import StatusOwed

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        SendFailed(), NotArrived(), NotAccepted(), Rejected(),
        ReceiveFailed(), InvalidSignature(), RejectedByUs(),
        Backlog(), StatusOwed(), DispatchLate(), ProcessingOverdue(),
        OutboxStuck(), AxisUnreachable(), ProcessSilent(), CertificateExpiring(), DiskLow(),
    )
}


def rule_label(code: str) -> str:
    rule = RULES.get(code)
    return rule.label if rule else code


__all__ = ["RULES", "Category", "Finding", "Rule", "rule_label"]
