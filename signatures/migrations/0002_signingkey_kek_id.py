from django.db import migrations, models


class Migration(migrations.Migration):
    """Server-held key stores are sealed under a key-encryption key kept out of the database; the
    id of that key is recorded with each store. Stores already here keep the old format (blank id)
    until `manage.py keys_rotate_kek` seals them, which needs the key-encryption key."""

    dependencies = [
        ("signatures", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="signingkey",
            name="kek_id",
            field=models.CharField(blank=True, editable=False, max_length=16, verbose_name="mã khóa mã hóa khóa (KEK)"),
        ),
    ]
