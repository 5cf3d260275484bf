"""Who hears about an alert, and the e-mail rows that tell them.

E-mails are rows of the outbox (EmailMessage) written in the caller's transaction — the one that
opened the alert — and sent by a task queued on commit, so an SMTP outage loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string

from qlvb.services.enqueue import enqueue_on_commit

from ..models import Alert, EmailMessage, NotificationPreference
from ..rules import rule_label
from ..selectors import responsible_memberships


def preference_for(user) -> NotificationPreference:
    pref = getattr(user, "_alert_preference_cache", None)
    if pref is None:
        pref = NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
        user._alert_preference_cache = pref
    return pref


def wants_alert_email(pref: NotificationPreference, alert: Alert) -> bool:
    return (pref.email_enabled and alert.severity >= pref.email_min_severity
            and (not pref.email_rules or alert.rule in pref.email_rules))


def alert_recipients(organization_id: int | None) -> list:
    users = {m.user for m in responsible_memberships(organization_id=organization_id) if m.user.email}
    return sorted(users, key=lambda u: u.pk)


def emails_enqueue(messages: Iterable[EmailMessage]) -> list[EmailMessage]:
    """Write e-mail rows and queue their sending once the transaction commits."""
    rows = EmailMessage.objects.bulk_create(list(messages))
    ids = [row.pk for row in rows]
    for pk in ids:
        enqueue_on_commit("alerts.task_email_send", pk)
    return rows


def alert_notify(*, alerts: list[Alert]) -> list[EmailMessage]:
    recipients_by_org: dict[int | None, list] = {}
    site = getattr(settings, "QLVB_SITE_URL", "")
    messages = []
    for alert in alerts:
        if alert.organization_id not in recipients_by_org:
            recipients_by_org[alert.organization_id] = alert_recipients(alert.organization_id)
        for user in recipients_by_org[alert.organization_id]:
            if not wants_alert_email(preference_for(user), alert):
                continue
            body = render_to_string("alerts/email/alert.txt", {
                "alert": alert, "user": user, "rule_label": rule_label(alert.rule), "site": site,
            })
            subject = f"[QLVB] {alert.get_severity_display()}: {alert.title}"[:300]
            messages.append(EmailMessage(to=user.email, user=user, subject=subject, body=body, alert=alert))
    return emails_enqueue(messages)
