"""The migration to django-otp keeps every authenticator app already set up working."""

from __future__ import annotations

import pyotp
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_otp.plugins.otp_totp.models import TOTPDevice

BEFORE = [("qlvb", "0006_audit_keyed_chain")]
AFTER = [("qlvb", "0007_second_factor")]


@pytest.mark.django_db(transaction=True)
def test_the_secrets_of_users_become_confirmed_authenticators():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldUser = executor.loader.project_state(BEFORE).apps.get_model("qlvb", "User")
    secret = pyotp.random_base32()
    OldUser.objects.create(username="lanhdao", totp_secret=secret)
    OldUser.objects.create(username="vanthu")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest state for the next tests

    device = TOTPDevice.objects.get(user__username="lanhdao")
    assert device.confirmed and not TOTPDevice.objects.filter(user__username="vanthu").exists()
    assert device.verify_token(pyotp.TOTP(secret).now())  # the code on the person's phone still works
