from django.apps import AppConfig


class QlvbConfig(AppConfig):
    name = "qlvb"
    verbose_name = "Hệ thống"
