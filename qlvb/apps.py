from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class QlvbConfig(AppConfig):
    name = "qlvb"
    verbose_name = "Hệ thống"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from qlvb import checks  # noqa: F401 - registers the system checks
        from qlvb.services import sign_in

        user_logged_in.connect(sign_in.on_login, dispatch_uid="qlvb-audit-login")
        user_logged_out.connect(sign_in.on_logout, dispatch_uid="qlvb-audit-logout")
        user_login_failed.connect(sign_in.on_login_failed, dispatch_uid="qlvb-audit-login-failed")
        user_locked_out.connect(sign_in.on_locked_out, dispatch_uid="qlvb-audit-locked-out")


class QlvbAdminConfig(admin_apps.AdminConfig):
    """The Django admin, on a site that lets in only logins that passed the second factor when it is required."""

    default = False  # qlvb's own config stays QlvbConfig
    default_site = "qlvb.admin_site.QlvbAdminSite"
