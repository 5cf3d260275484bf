"""Load the demo cast of the seed letters. Idempotent: running it twice changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from documents.literals import Direction
from documents.models import DocumentType
from documents.services.registers import register_open
from qlvb.demo.cast import DEMO_PASSWORD, ORGANIZATIONS, PEOPLE
from qlvb.models import Organization, User
from qlvb.services.people import organization_upsert, person_upsert, unit_upsert


class Command(BaseCommand):
    help = "Create the demo organizations, units, people and registers (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        orgs: dict[str, Organization] = {}
        units = {}
        for organ_id, name, short, place, parent_id, unit_list in ORGANIZATIONS:
            org = Organization.objects.filter(organ_id=organ_id).first()
            if org is None:
                org = organization_upsert(
                    organ_id=organ_id, name=name, short_name=short, place_name=place, hosted=True,
                    parent=orgs.get(parent_id) if parent_id else None,
                )
            orgs[organ_id] = org
            for abbr, unit_name in unit_list:
                units[(organ_id, abbr)] = unit_upsert(organization=org, abbreviation=abbr, name=unit_name)
        year = timezone.localdate().year
        legal = list(DocumentType.objects.filter(group=DocumentType.Group.LEGAL))
        for org in orgs.values():
            register_open(organization=org, direction=Direction.OUTGOING, year=year, name="Sổ văn bản đi")
            register_open(organization=org, direction=Direction.OUTGOING, year=year,
                          name="Sổ văn bản quy phạm pháp luật", document_types=legal)
            register_open(organization=org, direction=Direction.OUTGOING, year=year, name="Sổ văn bản mật đi",
                          is_secret=True)
            register_open(organization=org, direction=Direction.INCOMING, year=year, name="Sổ văn bản đến")
            register_open(organization=org, direction=Direction.INCOMING, year=year, name="Sổ văn bản mật đến",
                          is_secret=True)
        created = 0
        for username, full_name, organ_id, unit_abbr, title, roles in PEOPLE:
            if User.objects.filter(username=username).exists():
                continue
            user = person_upsert(
                username=username, full_name=full_name, organization=orgs[organ_id],
                unit=units.get((organ_id, unit_abbr)) if unit_abbr else None, position_title=title,
                roles=roles, password=DEMO_PASSWORD, email=f"{username}@demo.qlvb.local",
                secret_clearance=bool({"clerk", "leader"} & set(roles)),
            )
            if "admin" in roles:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            created += 1
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(orgs)} organizations, {len(PEOPLE)} people ({created} new)."
        ))
