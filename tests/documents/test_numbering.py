import threading

import pytest
from django.db import connection, transaction

from documents.literals import Direction
from documents.models import DocumentType, Register
from documents.services.numbering import NoRegisterError, number_assign, register_for, symbol_compose
from documents.services.registers import register_open
from tests.factories import make_org


def test_symbols_follow_decree_30():
    assert symbol_compose(number=15, organization_short="BNV", type_abbreviation="QĐ") == "15/QĐ-BNV"
    assert symbol_compose(number=807, organization_short="VPCP", unit_abbreviation="KSTT") == "807/VPCP-KSTT"
    assert symbol_compose(number=814, organization_short="UBND", unit_abbreviation="VXNV") == "814/UBND-VXNV"
    assert symbol_compose(number=5, organization_short="BNV", unit_abbreviation="VP") == "05/BNV-VP"
    assert symbol_compose(number=30, organization_short="CP", type_abbreviation="NĐ", year=2020) == "30/2020/NĐ-CP"
    assert symbol_compose(number=7, organization_short="UBND", unit_abbreviation="V XNV") == "07/UBND-VXNV"


@pytest.mark.django_db
def test_numbers_start_at_one_and_restart_in_a_new_year():
    org = make_org("UBND")
    cong_van = DocumentType.objects.get(code="cong-van")
    reg = register_open(organization=org, direction=Direction.OUTGOING, year=2026, name="Sổ văn bản đi")
    with transaction.atomic():
        assert [number_assign(register=reg) for _ in range(3)] == [1, 2, 3]
    # First document of 2027: the register opens by itself and counts from 01 again.
    reg_2027 = register_for(organization=org, direction=Direction.OUTGOING, document_type=cong_van, year=2027)
    assert reg_2027.year == 2027 and reg_2027.pk != reg.pk
    with transaction.atomic():
        assert number_assign(register=reg_2027) == 1


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again():
    org = make_org()
    reg = register_open(organization=org, direction=Direction.INCOMING, year=2026, name="Sổ văn bản đến")
    with pytest.raises(RuntimeError), transaction.atomic():
        number_assign(register=reg)
        raise RuntimeError("registration failed")
    with transaction.atomic():
        assert number_assign(register=reg) == 1


@pytest.mark.django_db
def test_register_choice_by_type_and_secrecy():
    org = make_org()
    legal = list(DocumentType.objects.filter(group="legal"))
    general = register_open(organization=org, direction="out", year=2026, name="Sổ văn bản đi")
    qppl = register_open(organization=org, direction="out", year=2026, name="Sổ QPPL", document_types=legal)
    secret = register_open(organization=org, direction="out", year=2026, name="Sổ mật", is_secret=True)
    nghi_dinh = DocumentType.objects.get(code="nghi-dinh")
    cong_van = DocumentType.objects.get(code="cong-van")
    assert register_for(organization=org, direction="out", document_type=nghi_dinh, year=2026) == qppl
    assert register_for(organization=org, direction="out", document_type=cong_van, year=2026) == general
    assert register_for(organization=org, direction="out", document_type=cong_van, secret=True, year=2026) == secret
    with pytest.raises(NoRegisterError) as err:
        register_for(organization=org, direction="in", document_type=cong_van, year=2026)
    assert "Chưa có sổ" in err.value.user_message


@pytest.mark.django_db(transaction=True)
def test_number_assign_refuses_to_run_outside_a_transaction():
    reg = register_open(organization=make_org(), direction="out", year=2026, name="Sổ văn bản đi")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        number_assign(register=reg)


@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_workers_get_1600_distinct_consecutive_numbers():
    assert connection.vendor == "postgresql"
    reg = register_open(organization=make_org(), direction="out", year=2026, name="Sổ văn bản đi")
    workers, per_worker = 8, 200
    results: list[list[int]] = [[] for _ in range(workers)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(workers)

    def work(i: int) -> None:
        try:
            barrier.wait()
            for _ in range(per_worker):
                with transaction.atomic():
                    results[i].append(number_assign(register=Register(pk=reg.pk)))
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(n for r in results for n in r)
    assert numbers == list(range(1, workers * per_worker + 1))
    reg.refresh_from_db()
    assert reg.last_number == 1600
