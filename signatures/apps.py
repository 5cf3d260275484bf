from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "signatures"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from django.conf import settings

        from signatures import fonts

        fonts.EXTRA_FONT_DIR = settings.QLVB_SERIF_FONT_DIR or None

        # The audit log's anchors are TSA tokens: this app checks them for qlvb, which cannot import it.
        from qlvb.services.audit import anchor_verifier_register
        from signatures.services.audit_anchor import anchor_token_verify

        anchor_verifier_register(anchor_token_verify)
