"""Production (DJANGO_SETTINGS_MODULE=qlvb.settings.production; the Docker image sets it).

DEBUG is always off and SECRET_KEY must come from the environment. Production is served over HTTPS
(`manage.py check --deploy` passes with no warning, and CI checks it): cookies are HTTPS-only, HTTP
is redirected to HTTPS, and HSTS holds for a year. For plain HTTP on a laptop (docker-compose on
localhost) set SECURE_COOKIES=0, SECURE_SSL_REDIRECT=0 and SECURE_HSTS_SECONDS=0.
"""

from django.core.exceptions import ImproperlyConfigured

from qlvb.settings.env import env_bool, env_int, env_str

# Keys that have been published (examples, old defaults) or are too short to resist guessing: the
# session cookies, password-reset links and CSRF tokens of an installation rest on this key.
KNOWN_WEAK_KEYS = {"change-me-in-production", "changeme", "secret", "django-insecure"}
MIN_SECRET_KEY_LENGTH = 40

_key = env_str("SECRET_KEY")
if not _key:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment with qlvb.settings.production")
if _key in KNOWN_WEAK_KEYS or _key.startswith("django-insecure") or len(_key) < MIN_SECRET_KEY_LENGTH \
        or len(set(_key)) < 10:
    raise ImproperlyConfigured(
        f"SECRET_KEY is a published example or too weak: give a random value of at least {MIN_SECRET_KEY_LENGTH} "
        "characters, e.g. python -c \"import secrets; print(secrets.token_urlsafe(50))\"")

from qlvb.settings.base import *  # noqa: E402, F403

DEBUG = False
# A key-encryption key is never made up here: it is given (QLVB_KEK or QLVB_KEK_FILE, or a file put at
# VAR_DIR/keys/kek.key with `manage.py keys_rotate_kek --new-key-file … --generate`); without one,
# server-held keys are neither stored nor opened.
QLVB_KEK_CREATE = False

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
