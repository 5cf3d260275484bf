"""Store package bytes once, content-addressed and immutable."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from ..models import Package


def package_store(*, data: bytes) -> Package:
    digest = hashlib.sha256(data).hexdigest()
    existing = Package.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    package = Package(sha256=digest, size=len(data))
    package.file.save(f"{digest}.edxml", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            package.save()
    except IntegrityError:  # another process stored the same bytes first
        package.file.delete(save=False)
        return Package.objects.get(sha256=digest)
    return package
