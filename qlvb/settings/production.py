"""Production (DJANGO_SETTINGS_MODULE=qlvb.settings.production; the Docker image sets it).

DEBUG is always off and SECRET_KEY must come from the environment. Production is served over HTTPS
(`manage.py check --deploy` passes with no warning, and CI checks it): cookies are HTTPS-only, HTTP
is redirected to HTTPS, and HSTS holds for a year. For plain HTTP on a laptop (docker-compose on
localhost) set SECURE_COOKIES=0, SECURE_SSL_REDIRECT=0 and SECURE_HSTS_SECONDS=0.
"""

from django.core.exceptions import ImproperlyConfigured

from qlvb.settings.env import env_bool, env_int, env_str

if not env_str("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment with qlvb.settings.production")

from qlvb.settings.base import *  # noqa: E402, F403

DEBUG = False

# The audit key must be given (QLVB_AUDIT_KEY or the file QLVB_AUDIT_KEY_FILE): never made up here.
QLVB_AUDIT_KEY_CREATE = False

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
