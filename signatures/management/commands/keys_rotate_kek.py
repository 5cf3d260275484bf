"""Seal every server-held key store under a new key-encryption key (KEK), or under the configured one.

    python manage.py keys_rotate_kek --new-key-file /etc/qlvb/kek-2027.key [--generate] [--old-key-file F ...]
    python manage.py keys_rotate_kek            # seal stores of the old format under the configured KEK

Stores are opened with the configured KEK (QLVB_KEK / QLVB_KEK_FILE), QLVB_KEK_PREVIOUS_FILES and any
``--old-key-file``, and sealed again under the new key, all in one transaction: if one store cannot be
opened, nothing is written. Stores of the old format (a bare PKCS#12, from before keys were sealed) are
sealed as well. Stores already under the new key are left as they are, so the command can be run again.
``--generate`` first writes a fresh key to the new file (mode 0600) when it does not exist.

Afterwards point QLVB_KEK_FILE at the new file (and keep the old one in QLVB_KEK_PREVIOUS_FILES until
every process runs with the new setting). The PINs are not needed and not changed.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from signatures import conf
from signatures.errors import SignatureServiceError
from signatures.pki import kek
from signatures.services.custody import server_keys_rewrap


class Command(BaseCommand):
    help = "Seal every server-held key under a new key-encryption key (or the configured one), in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("--new-key-file", type=Path, help="the new KEK (base64 of 32 bytes); default: the configured one")
        parser.add_argument("--generate", action="store_true", help="write a fresh key to --new-key-file if it is missing")
        parser.add_argument("--old-key-file", type=Path, action="append", default=[],
                            help="an older KEK that sealed some stores (repeatable)")

    def handle(self, *args, new_key_file: Path | None, generate: bool, old_key_file: list[Path], **options):
        try:
            if new_key_file is None:
                if generate:
                    raise CommandError("--generate needs --new-key-file")
                new_key = conf.key_encryption_keyring().current
                if new_key is None:
                    raise CommandError("no key-encryption key is configured (QLVB_KEK or QLVB_KEK_FILE); give --new-key-file")
            else:
                if generate and kek.create_key_file(new_key_file):
                    self.stdout.write(f"Wrote a new key-encryption key to {new_key_file} (mode 0600).")
                new_key = kek.read_key_file(new_key_file)
            old_keys = [kek.read_key_file(path) for path in old_key_file]
            result = server_keys_rewrap(actor=None, new_key=new_key, old_keys=old_keys)
        except (kek.KekFormatError, ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from None
        except SignatureServiceError as exc:
            raise CommandError(f"nothing was changed: {exc}") from None
        self.stdout.write(self.style.SUCCESS(
            f"Key stores now sealed under KEK {result['kek_id']}: {result['rewrapped']} resealed, "
            f"{result['migrated']} of the old format sealed, {result['unchanged']} already sealed under it."
        ))
        if new_key_file is not None and new_key != conf.key_encryption_keyring().current:
            self.stdout.write(f"Now set QLVB_KEK_FILE={new_key_file} (the configured key no longer opens these stores).")
