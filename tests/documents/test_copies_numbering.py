"""The copies register's counter under contention: people numbering copies at the same moment in
their own transactions get distinct numbers with no gap, and a rolled-back number is given again."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from documents.models import CopyRegister
from documents.services.copies.numbering import copy_number_assign, copy_symbol_compose
from tests.factories import make_org

pytestmark = [pytest.mark.django_db(transaction=True)]
THREADS, EACH, YEAR = 6, 10, 2026


def test_numbers_taken_at_once_are_distinct_and_without_gaps():
    org = make_org()
    got: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker():
        try:
            barrier.wait()
            for _ in range(EACH):
                with transaction.atomic():
                    _register, number = copy_number_assign(organization=org, year=YEAR)
                with lock:
                    got.append(number)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == list(range(1, THREADS * EACH + 1))
    assert CopyRegister.objects.get(organization=org, year=YEAR).last_number == THREADS * EACH


def test_a_rolled_back_number_is_given_again_and_each_year_starts_at_01():
    org = make_org()
    with pytest.raises(RuntimeError, match="inside the transaction"):
        copy_number_assign(organization=org, year=YEAR)
    with transaction.atomic():
        assert copy_number_assign(organization=org, year=YEAR)[1] == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        copy_number_assign(organization=org, year=YEAR)
        1 / 0  # noqa: B018 - the signature failed
    with transaction.atomic():
        assert copy_number_assign(organization=org, year=YEAR)[1] == 2
        assert copy_number_assign(organization=org, year=YEAR + 1)[1] == 1
    assert copy_symbol_compose(number=2, form="TrS", organization_short="UBND") == "02/TrS-UBND"
