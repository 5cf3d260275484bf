"""Writes of the alerts app: scans, the alert lifecycle, notifications, e-mail, reports, actions."""
