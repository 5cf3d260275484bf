"""On PostgreSQL, make the audit table append-only: UPDATE and DELETE raise."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION qlvb_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'qlvb_auditevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER qlvb_auditevent_append_only
  BEFORE UPDATE OR DELETE ON qlvb_auditevent
  FOR EACH ROW EXECUTE FUNCTION qlvb_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS qlvb_auditevent_append_only ON qlvb_auditevent;
DROP FUNCTION IF EXISTS qlvb_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("qlvb", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
