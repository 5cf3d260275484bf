import pytest

from documents.models import DocumentType

pytestmark = pytest.mark.django_db


def test_the_29_administrative_types_of_decree_30_are_in_the_catalog():
    admin = DocumentType.objects.filter(group="administrative")
    assert admin.count() == 29
    abbreviations = dict(admin.values_list("name", "abbreviation"))
    assert abbreviations["Quyết định (cá biệt)"] == "QĐ"
    assert abbreviations["Tờ trình"] == "TTr"
    assert abbreviations["Quy định"] == "QyĐ"
    assert abbreviations["Công văn"] == "" and abbreviations["Thư công"] == ""


def test_copies_and_legal_normative_types_have_their_own_series():
    assert set(DocumentType.objects.filter(group="copy").values_list("abbreviation", flat=True)) == {"SY", "TrS", "SL"}
    legal = DocumentType.objects.filter(group="legal")
    assert {"Luật", "Nghị định", "Thông tư"} <= set(legal.values_list("name", flat=True))
    assert set(legal.values_list("number_series", flat=True)) == {"legal"}
