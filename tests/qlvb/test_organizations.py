import pytest
from django.core.exceptions import ValidationError

from qlvb.models import validate_organ_id
from tests.factories import make_org


@pytest.mark.parametrize("value", ["000.00.00.G22", "000.00.01.H53", "123.45.67.A01"])
def test_valid_organ_ids_are_accepted(value):
    validate_organ_id(value)


@pytest.mark.parametrize("value", ["000.00.00.G2", "00.00.00.G22", "000.00.00.g22", "000-00-00-G22", "", "000.00.00.G220"])
def test_malformed_organ_ids_are_refused_in_vietnamese(value):
    with pytest.raises(ValidationError) as err:
        validate_organ_id(value)
    assert "Mã định danh" in str(err.value)


@pytest.mark.django_db
def test_organization_with_bad_organ_id_cannot_be_saved_through_the_service():
    with pytest.raises(ValidationError):
        make_org(organ_id="G22")
