"""Add the demo incidents (a failed send, a backlog item) once; the alert rules find them."""

from django.core.management.base import BaseCommand

from qlvb.demo.incidents import seed_incidents


class Command(BaseCommand):
    help = "Demo data for the alerts: a send to an organization the axis does not know, and a backlog item."

    def handle(self, *args, **options):
        made = seed_incidents()
        for line in made:
            self.stdout.write(f"demo incident: {line}")
        if not made:
            self.stdout.write("demo incidents already present")
