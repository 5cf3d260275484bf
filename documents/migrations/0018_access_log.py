"""The access log of documents' files, append-only on PostgreSQL.

A trigger refuses UPDATE and DELETE on the table (TRUNCATE, an owner's operation, stays possible for
a deliberate purge by the database administrator). A BRIN index on the time column serves the period
scans of the reports at a fraction of a B-tree's size: rows arrive in time order. Both are PostgreSQL
only; on SQLite (development without a server) the operations do nothing.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION documents_file_access_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'documents_fileaccess is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER documents_file_access_append_only BEFORE UPDATE OR DELETE ON documents_fileaccess
    FOR EACH ROW EXECUTE FUNCTION documents_file_access_append_only();
CREATE INDEX file_access_at_brin ON documents_fileaccess USING brin (at);
"""

APPEND_ONLY_UNDO = """
DROP INDEX IF EXISTS file_access_at_brin;
DROP TRIGGER IF EXISTS documents_file_access_append_only ON documents_fileaccess;
DROP FUNCTION IF EXISTS documents_file_access_append_only();
"""


def _postgres_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0017_records_disposal'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FileAccess',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('event_id', models.UUIDField(editable=False, unique=True)),
                ('at', models.DateTimeField(verbose_name='lúc')),
                ('action', models.CharField(choices=[('view', 'Mở xem'), ('download', 'Tải về'), ('print', 'In'), ('page_image', 'Xem trang')], max_length=12, verbose_name='thao tác')),
                ('page', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='trang')),
                ('client_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='địa chỉ máy')),
                ('user_agent', models.CharField(blank=True, max_length=120, verbose_name='trình duyệt')),
                ('document', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.document', verbose_name='văn bản')),
                ('file', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.documentfile', verbose_name='tệp')),
                ('organization', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='qlvb.organization', verbose_name='cơ quan')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người truy cập')),
            ],
            options={
                'verbose_name': 'lượt truy cập tệp',
                'verbose_name_plural': 'nhật ký truy cập tệp',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['document', '-at'], name='file_access_document_at'), models.Index(fields=['user', '-at'], name='file_access_user_at'), models.Index(fields=['organization', 'at'], name='file_access_org_at')],
            },
        ),
        migrations.RunPython(_postgres_only(APPEND_ONLY), _postgres_only(APPEND_ONLY_UNDO)),
    ]
