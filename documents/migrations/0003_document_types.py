"""Load the document-type catalog (documents/catalog.py)."""

from django.db import migrations

from documents.catalog import ensure_document_types


def load(apps, schema_editor):
    ensure_document_types(apps.get_model("documents", "DocumentType"))


def unload(apps, schema_editor):
    apps.get_model("documents", "DocumentType").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]
