"""The export package of one hồ sơ, downloaded (docs/RECORDS-PACKAGE.md)."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.views.decorators.http import require_GET

from documents.selectors.records_packages import record_file_for_package
from documents.services.records.packages import PackageRefused, package_download_name, record_package_export


@login_required
@require_GET
def package_download(request, pk: int):
    """Stream the package of hồ sơ `pk` to someone allowed to see it (404 otherwise); audited."""
    record = record_file_for_package(user=request.user, pk=pk)
    spool = tempfile.TemporaryFile()
    try:
        record_package_export(actor=request.user, records=[record], out=spool)
    except PackageRefused as exc:
        spool.close()
        raise PermissionDenied(str(exc)) from exc
    spool.seek(0)
    response = FileResponse(spool, content_type="application/zip", as_attachment=True,
                            filename=package_download_name(record))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
