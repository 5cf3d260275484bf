from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "signatures"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from django.conf import settings

        from signatures import fonts

        fonts.EXTRA_FONT_DIR = settings.QLVB_SERIF_FONT_DIR or None
