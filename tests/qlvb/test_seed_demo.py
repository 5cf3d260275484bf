import pytest
from django.core.management import call_command

from documents.models import Register
from qlvb.demo.cast import DEMO_PASSWORD
from qlvb.models import AuditEvent, Organization, User

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_the_cast_of_the_seed_letters_and_is_idempotent():
    call_command("seed_demo")
    counts = (Organization.objects.count(), User.objects.count(), Register.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo")
    assert (Organization.objects.count(), User.objects.count(), Register.objects.count(),
            AuditEvent.objects.count()) == counts
    vpcp = Organization.objects.get(organ_id="000.00.00.G22")
    assert vpcp.name == "Văn phòng Chính phủ" and vpcp.units.filter(abbreviation="KSTT").exists()
    assert Organization.objects.get(organ_id="000.00.00.G14").short_name == "BTTTT"
    backan = Organization.objects.get(organ_id="000.00.00.H05")
    assert backan.units.filter(abbreviation="VXNV").exists()
    assert backan.children.count() >= 3
    for org in Organization.objects.filter(hosted=True):
        roles = set(org.memberships.values_list("roles__role", flat=True))
        assert {"clerk", "leader", "specialist"} <= roles, org.name
    assert User.objects.get(username="backan.vanthu").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser
