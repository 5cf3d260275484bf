"""Search: the accent-folded text of each document, and the searches people save."""

from django.db import models

from documents.models.documents import Document


class SearchEntry(models.Model):
    """What full-text search matches for one document.

    `folded` holds the words of the type name, số/ký hiệu, trích yếu, issuing organization and
    the text of the document's PDF files, lower-cased and without Vietnamese diacritics ("công
    văn phòng, chống dịch" → " cong van phong chong dich", after a space so that every word starts
    with one), so that a query typed either way finds it. On PostgreSQL a GIN index on (organization, folded trigrams) makes `LIKE '%word%'` on it
    fast, within one organization or across all.
    """

    class State(models.TextChoices):
        INDEXED = "indexed", "Đã lập chỉ mục"
        PARTIAL = "partial", "Chỉ mục thiếu nội dung tệp"

    document = models.OneToOneField(Document, primary_key=True, on_delete=models.CASCADE,
                                    related_name="search_entry")
    # The document's organization, copied so that one index narrows a search to one organization
    # first (PostgreSQL: GIN on (organization, folded) with btree_gin and pg_trgm).
    organization = models.ForeignKey("qlvb.Organization", on_delete=models.CASCADE, related_name="+",
                                     db_index=False)
    folded = models.TextField()
    file_text = models.TextField("nội dung tệp", blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.INDEXED)
    error = models.TextField("lỗi trích xuất nội dung", blank=True)
    # The files the text came from (sha256 list): unchanged files are not extracted again.
    file_hashes = models.JSONField(default=list, blank=True)
    indexed_at = models.DateTimeField()

    class Meta:
        verbose_name = "chỉ mục tra cứu"
        verbose_name_plural = "chỉ mục tra cứu"

    def __str__(self) -> str:
        return f"{self.document_id}: {self.get_state_display()}"


class SavedSearch(models.Model):
    """A search a person keeps to run again: its name and the form's parameters."""

    user = models.ForeignKey("qlvb.User", on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField("tên", max_length=100)
    params = models.JSONField("điều kiện tra cứu", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tra cứu đã lưu"
        verbose_name_plural = "tra cứu đã lưu"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_unique")]

    def __str__(self) -> str:
        return self.name
