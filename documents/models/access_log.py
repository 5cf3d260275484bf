"""The access log of documents' files (Phụ lục VI III.3.c, III.6.a–b): every view, download, print
and page image served, who, when, from where.

Designed for volume and kept apart from the audit chain: a page view never takes the chain head's
lock. The request only pushes a small record to a buffer (documents.services.access_log); a task
inserts them in batches. On PostgreSQL the table refuses UPDATE and DELETE (a trigger, migration
0012): rows are only ever added.

The references carry no database constraint (``db_constraint=False``, ``DO_NOTHING``): an insert
checks no other table, and the history outlives what it speaks of (a file disposed of, a person
removed) instead of blocking that removal or being deleted with it.
"""

from django.db import models


class FileAccess(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Mở xem"
        DOWNLOAD = "download", "Tải về"
        PRINT = "print", "In"
        PAGE_IMAGE = "page_image", "Xem trang"

    id = models.BigAutoField(primary_key=True)
    # Made when the access happens: a retried drain inserts the same event once.
    event_id = models.UUIDField(unique=True, editable=False)
    at = models.DateTimeField("lúc")
    user = models.ForeignKey("qlvb.User", verbose_name="người truy cập", on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    organization = models.ForeignKey("qlvb.Organization", verbose_name="cơ quan", on_delete=models.DO_NOTHING,
                                     db_constraint=False, related_name="+")
    document = models.ForeignKey("documents.Document", verbose_name="văn bản", on_delete=models.DO_NOTHING,
                                 db_constraint=False, related_name="+")
    file = models.ForeignKey("documents.DocumentFile", verbose_name="tệp", on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    action = models.CharField("thao tác", max_length=12, choices=Action.choices)
    page = models.PositiveSmallIntegerField("trang", null=True, blank=True)
    client_address = models.GenericIPAddressField("địa chỉ máy", null=True, blank=True)
    user_agent = models.CharField("trình duyệt", max_length=120, blank=True)

    class Meta:
        verbose_name = "lượt truy cập tệp"
        verbose_name_plural = "nhật ký truy cập tệp"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["document", "-at"], name="file_access_document_at"),
            models.Index(fields=["user", "-at"], name="file_access_user_at"),
            models.Index(fields=["organization", "at"], name="file_access_org_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_id} {self.action} {self.file_id}"
