from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from documents.services.receiving import DocumentsReceiver
        from interchange.receivers import register_receiver

        register_receiver(DocumentsReceiver())
