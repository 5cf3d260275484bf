from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from documents.services.outgoing.review import second_factor_policy
        from documents.services.receiving import DocumentsReceiver
        from documents.services.rights_notices import person_rights_notify
        from interchange.receivers import register_receiver
        from qlvb.services.rights import rights_listener_register
        from qlvb.services.second_factor import second_factor_policy_register

        register_receiver(DocumentsReceiver())
        second_factor_policy_register(second_factor_policy)
        rights_listener_register(person_rights_notify)
