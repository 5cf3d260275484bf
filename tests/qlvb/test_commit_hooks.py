"""Work after commit, once per key: the pending hooks go with the transaction that asked for them."""

import pytest
from django.db import transaction

from qlvb.services.commit_hooks import on_commit_once

pytestmark = pytest.mark.django_db


def test_asked_three_times_in_one_transaction_it_runs_once(django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            on_commit_once(("index", 7), lambda: ran.append("index 7"))
        on_commit_once(("index", 8), lambda: ran.append("index 8"))
    assert ran == ["index 7", "index 8"]


def test_replace_runs_the_wider_work_instead(django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once(("index", 7), lambda: ran.append("index"))
        on_commit_once(("index", 7), lambda: ran.append("check + index"), replace=True)
    assert ran == ["check + index"]


def test_a_rolled_back_savepoint_takes_its_hook_and_key_with_it(django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                on_commit_once(("index", 7), lambda: ran.append("rolled back"))
                raise RuntimeError
        except RuntimeError:
            pass
        on_commit_once(("index", 7), lambda: ran.append("after"))
    assert ran == ["after"]
