"""Search: accent-insensitive, over metadata and PDF text, only what the user may see; saved searches;
the indexing of PDF text (limits, failures) in a Celery worker."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.urls import reverse
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from documents.models import Document, DocumentType, SavedSearch, SearchEntry
from documents.selectors.search import (
    SearchFilters,
    document_search,
    fold_text,
    id_page,
    query_words,
    snippet,
)
from documents.services.files import file_store
from documents.services.incoming.registration import incoming_create_paper
from documents.services.indexing import (
    document_index,
    document_index_enqueue,
    pdf_text_extract,
    search_index_sweep,
)
from documents.services.saved_searches import saved_search_delete, saved_search_list, saved_search_save
from signatures.fonts import reportlab_serif
from tests.conftest import wait_for
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db


def pdf_with(*lines: str) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont(reportlab_serif("regular"), 13)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 20 * i, line)
    c.save()
    return out.getvalue()


@pytest.fixture
def office():
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    other = make_org("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05")
    byt = make_org("BYT", name="Bộ Y tế", organ_id="000.00.00.G10")
    vpcp = make_org("VPCP", name="Văn phòng Chính phủ", organ_id="000.00.00.G22")
    vx = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    o = {"org": org, "other": other, "byt": byt, "vpcp": vpcp, "vx": vx,
         "clerk": make_user(org, ["clerk"]), "specialist": make_user(org, ["specialist"], unit=vx),
         "outsider": make_user(other, ["clerk"]), "cv": DocumentType.objects.get(code="cong-van"),
         "kh": DocumentType.objects.get(code="ke-hoach")}

    def arrive(symbol, subject, *, issuer, org=org, clerk=o["clerk"], dtype=o["cv"], scan=None, urgency=0,
               issued_on=dt.date(2021, 3, 1)):
        doc = incoming_create_paper(actor=clerk, organization=org, document_type=dtype, symbol=symbol,
                                    subject=subject, issued_on=issued_on, issuer=issuer, urgency=urgency,
                                    scan=scan)
        document_index(document=doc)
        return doc

    o["dich"] = arrive("1234/BYT-DP", "Về việc tăng cường công tác phòng, chống dịch Covid-19", issuer=byt,
                       urgency=1)
    o["edoc"] = arrive("807/VPCP-KSTT", "V/v tăng cường gửi, nhận văn bản điện tử", issuer=vpcp,
                       issued_on=dt.date(2021, 2, 1))
    o["vaccine"] = arrive("55/KH-BYT", "Kế hoạch năm 2021", issuer=byt, dtype=o["kh"],
                          scan=("kh.pdf", pdf_with("KẾ HOẠCH", "Tiêm chủng vắc-xin phòng COVID-19",
                                                   "cho người dân vùng đồng bào dân tộc thiểu số")))
    o["elsewhere"] = arrive("99/BYT-DP", "Về việc phòng, chống dịch tại Sở Tài chính", issuer=byt, org=other,
                            clerk=o["outsider"])
    return o


def search(user, **kw):
    return list(document_search(user=user, filters=SearchFilters(**kw)))


def test_folding_removes_vietnamese_marks_and_punctuation():
    assert fold_text("Công văn: phòng, chống dịch") == "cong van phong chong dich"
    assert fold_text("ĐỀ ÁN Đường bộ") == "de an duong bo"
    assert fold_text("807/VPCP-KSTT") == "807 vpcp kstt"
    assert query_words("  Phòng phong  chống ") == ["phong", "chong"]


def test_query_without_accents_finds_the_document_with_them(office):
    assert search(office["clerk"], query="cong van phong chong dich") == [office["dich"]]
    assert search(office["clerk"], query="PHÒNG CHỐNG DỊCH") == [office["dich"]]
    assert search(office["clerk"], query="807/VPCP") == [office["edoc"]]
    assert search(office["clerk"], query="van phong chinh phu") == [office["edoc"]]  # the issuer
    assert search(office["clerk"], query="phong chong dich khong co tu nay") == []
    # Words match from their start: a partial symbol does, the middle of a word does not.
    assert search(office["clerk"], query="807/VPCP-KS") == [office["edoc"]]
    assert search(office["clerk"], query="ong") == [] and search(office["clerk"], query="uong") == []


def test_the_text_of_the_pdf_is_searched(office):
    entry = SearchEntry.objects.get(document=office["vaccine"])
    assert "Tiêm chủng vắc-xin" in entry.file_text and entry.state == "indexed" and not entry.error
    assert search(office["clerk"], query="tiem chung vac xin dong bao") == [office["vaccine"]]
    assert snippet(entry.file_text, "vac xin").startswith("KẾ HOẠCH Tiêm chủng vắc-xin")
    assert snippet("x " * 200 + "Hỗ trợ đồng bào dân tộc", "dong bao").startswith("…x x")
    assert "đồng bào" in snippet("x " * 200 + "Hỗ trợ đồng bào dân tộc", "dong bao")
    assert snippet(entry.file_text, "năm 2021") == ""  # only in the subject, not in the file


def test_a_search_narrowed_to_one_organization(office):
    org = office["org"].pk
    assert search(office["clerk"], query="phong chong dich", organization_id=org) == [office["dich"]]
    assert search(office["clerk"], query="phong chong dich", organization_id=office["other"].pk) == []
    # Someone working in both organizations finds each one's documents in it.
    both = make_user(office["other"], ["clerk"])
    from qlvb.services.people import person_upsert

    person_upsert(username=both.username, full_name="Hai nơi", organization=office["org"], roles=["clerk"])
    assert search(both, query="phong chong dich", organization_id=office["other"].pk) == [office["elsewhere"]]
    assert set(search(both, query="phong chong dich")) == {office["dich"], office["elsewhere"]}
    assert SearchEntry.objects.get(document=office["elsewhere"]).organization_id == office["other"].pk


def test_pages_of_results_and_their_total(office):
    for n in range(24):
        document_index(document=incoming_create_paper(
            actor=office["clerk"], organization=office["org"], document_type=office["cv"], symbol=f"{n}/TH",
            subject=f"Báo cáo tuần {n}", issued_on=None, issuer=office["vpcp"]))
    matches = document_search(user=office["clerk"], filters=SearchFilters(query="bao cao tuan")).values_list(
        "pk", flat=True)
    first, second = id_page(matches, 1, 20), id_page(matches, "2", 20)
    assert (first.paginator.count, len(first.object_list), len(second.object_list)) == (24, 20, 4)
    assert not set(first.object_list) & set(second.object_list) and second.has_previous() and not second.has_next()
    assert id_page(matches, 99, 20).number == 2 and id_page(matches, "x", 20).number == 1
    assert id_page(matches.none(), 1, 20).paginator.count == 0


def test_results_only_come_through_the_permission_filter(office):
    assert search(office["outsider"], query="phong chong dich") == [office["elsewhere"]]
    assert search(office["specialist"], query="phong chong dich") == []  # not given to them
    assert search(office["clerk"], query="tai chinh") == []


def test_filters(office):
    clerk = office["clerk"]
    assert set(search(clerk, issuer="bo y te")) == {office["dich"], office["vaccine"]}
    assert search(clerk, query="tang cuong", urgent_only=True) == [office["dich"]]
    assert search(clerk, query="tang cuong", issued_to=dt.date(2021, 2, 15)) == [office["edoc"]]
    assert search(clerk, document_type_id=office["kh"].pk) == [office["vaccine"]]
    assert search(clerk, query="tang cuong", direction="out") == []


def test_the_whole_phrase_ranks_first(office):
    extra = incoming_create_paper(actor=office["clerk"], organization=office["org"], document_type=office["cv"],
                                  symbol="7/X", subject="Chống tham nhũng; phòng ngừa dịch vụ công sai phạm",
                                  issued_on=None, issuer=office["vpcp"], urgency=3)  # more urgent, newer
    document_index(document=extra)
    assert search(office["clerk"], query="phong chong dich") == [office["dich"], extra]


def test_a_damaged_pdf_leaves_the_document_searchable_by_its_metadata(office):
    doc = incoming_create_paper(actor=office["clerk"], organization=office["org"], document_type=office["cv"],
                                symbol="3/HONG", subject="Văn bản có tệp hỏng", issued_on=None,
                                issuer=office["vpcp"], scan=("hong.pdf", b"%PDF-1.4\nnot really a pdf"))
    entry = document_index(document=doc)
    assert entry.state == "partial" and "hong.pdf" in entry.error and "không đọc được" in entry.error
    assert search(office["clerk"], query="tep hong") == [doc]


def test_extraction_limits(settings, monkeypatch):
    settings.QLVB_INDEX_MAX_FILE_BYTES = 100
    assert "quá lớn" in pdf_text_extract(pdf_with("x"), name="lon.pdf").error
    settings.QLVB_INDEX_MAX_FILE_BYTES = 10_000_000
    assert "không phải tệp PDF" in pdf_text_extract(b"PK\x03\x04", name="a.docx").error
    assert pdf_text_extract(pdf_with("giới hạn bộ nhớ"), name="a.pdf").text.strip()
    settings.QLVB_INDEX_MAX_MEMORY_BYTES = 4 * 1024 * 1024  # too little for pdftotext even to load
    assert "không đọc được" in pdf_text_extract(pdf_with("giới hạn bộ nhớ"), name="a.pdf").error

    def too_slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(subprocess, "run", too_slow)
    assert "quá 30 giây" in pdf_text_extract(pdf_with("x"), name="cham.pdf").error


def test_unchanged_files_are_not_extracted_again(office, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("pdftotext ran again")

    monkeypatch.setattr(subprocess, "run", fail)
    Document.objects.filter(pk=office["vaccine"].pk).update(subject="Kế hoạch tiêm chủng mở rộng")
    entry = document_index(document=office["vaccine"])
    assert " tiem chung mo rong" in entry.folded and "Tiêm chủng vắc-xin" in entry.file_text


def test_a_new_file_version_is_indexed(office):
    doc = office["edoc"]
    file_store(document=doc, name="807.pdf", data=pdf_with("Chữ ký số chuyên dùng Chính phủ"),
               content_type="application/pdf")
    document_index(document=doc)
    assert search(office["clerk"], query="chu ky so chuyen dung") == [doc]


def test_the_sweep_indexes_documents_that_were_missed(office):
    missed = incoming_create_paper(actor=office["clerk"], organization=office["org"], document_type=office["cv"],
                                   symbol="8/SOT", subject="Văn bản bị sót", issued_on=None, issuer=office["vpcp"])
    assert search(office["clerk"], query="bi sot") == []
    assert search_index_sweep() == 1
    assert search(office["clerk"], query="bi sot") == [missed]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_postgresql_has_the_trigram_index_and_unaccent():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'documents_searchentry_org_folded_trgm'")
        assert "gin (organization_id, folded gin_trgm_ops)" in cursor.fetchone()[0]
        cursor.execute("SELECT qlvb_unaccent('Bộ Y TẾ, Đắk Lắk')")
        assert cursor.fetchone()[0] == "bo y te, dak lak"


def test_saved_searches_are_per_user(office):
    clerk, outsider = office["clerk"], office["outsider"]
    saved = saved_search_save(user=clerk, name="Phòng chống dịch", params={"q": "phong chong dich", "x": "bỏ"})
    assert saved.params == {"q": "phong chong dich"}
    saved_search_save(user=clerk, name="Phòng chống dịch", params={"q": "phong chong dich", "urgent": "on"})
    assert [s.params for s in saved_search_list(user=clerk)] == [{"q": "phong chong dich", "urgent": "on"}]
    assert list(saved_search_list(user=outsider)) == []
    with pytest.raises(Http404):
        saved_search_delete(user=outsider, pk=saved.pk)
    with pytest.raises(ValidationError):
        saved_search_save(user=clerk, name=" ", params={"q": "x"})
    saved_search_delete(user=clerk, pk=saved.pk)
    assert not SavedSearch.objects.exists()


def test_search_page_finds_saves_and_reruns(client, office):
    client.force_login(office["clerk"])
    html = client.get(reverse("search:search"), {"q": "cong van phong chong dich"}).content.decode()
    assert "1234/BYT-DP" in html and "807/VPCP-KSTT" not in html and "Tìm thấy 1 văn bản" in html
    response = client.post(reverse("search:saved-create"), {"name": "Dịch bệnh", "q": "cong van phong chong dich"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=office["clerk"])
    html = client.get(response["Location"]).content.decode()
    assert "Dịch bệnh" in html and "1234/BYT-DP" in html
    assert client.get(reverse("search:saved-run", args=[saved.pk]))["Location"].endswith("q=cong+van+phong+chong+dich")
    client.force_login(office["outsider"])
    assert client.get(reverse("search:saved-run", args=[saved.pk])).status_code == 404
    html = client.get(reverse("search:search"), {"q": "1234/BYT-DP"}).content.decode()
    assert "Không tìm thấy văn bản nào" in html


def test_search_page_shows_where_the_words_are_in_the_file(client, office):
    client.force_login(office["clerk"])
    html = client.get(reverse("search:search"), {"q": "dong bao dan toc"}).content.decode()
    assert "55/KH-BYT" in html and "cho người dân vùng đồng bào dân tộc thiểu số" in html


@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_a_worker_indexes_the_pdf_after_the_transaction_commits(media_worker):
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    clerk = make_user(org, ["clerk"])
    with transaction.atomic():
        doc = incoming_create_paper(
            actor=clerk, organization=org, document_type=DocumentType.objects.get(code="cong-van"),
            symbol="12/UBND-VXNV", subject="V/v báo cáo", issued_on=None, issuer_name="Sở Y tế",
            scan=("bc.pdf", pdf_with("Báo cáo tình hình thiên tai, lũ quét tại huyện Ba Bể")))
        document_index_enqueue(document=doc)
        assert not SearchEntry.objects.filter(document=doc).exists()
    entry = wait_for(lambda: SearchEntry.objects.filter(document=doc).first(), timeout=60, message="search entry")
    assert entry.state == "indexed", entry.error
    assert "lu quet tai huyen ba be" in entry.folded
    assert search(clerk, query="lũ quét Ba Bể") == [doc]

