"""Settings shared by every deployment, read from the environment (a `.env` file is read if present).

Defaults make a fresh checkout run without any server to install or configure: SQLite under `var/`,
and the private Redis that `make run` starts on a socket under `var/redis/`. Set DATABASE_URL and
REDIS_URL for PostgreSQL and a Redis of your own.
The environment is read through `qlvb.settings.env` only; see README "Configuration".
`development` (the default of manage.py, Celery, WSGI and ASGI), `production` and `test` build on this.
"""

import datetime as dt
import secrets
from pathlib import Path

import dj_database_url

from qlvb.settings.env import (
    env_bool,
    env_float,
    env_float_list,
    env_int,
    env_list,
    env_path,
    env_prefixed,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

VAR_DIR = env_path("QLVB_VAR_DIR", BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if env_str("SECRET_KEY"):
        return env_str("SECRET_KEY")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "qlvb.apps.QlvbAdminConfig",  # django.contrib.admin with a site that asks for the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "qlvb",
    "documents",
    "signatures",
    "interchange",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "qlvb.middleware.PermissionsPolicyMiddleware",
    "qlvb.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): this login passed the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qlvb.middleware.RequestIdMiddleware",
    "qlvb.middleware.SessionTimeoutMiddleware",
    "qlvb.middleware.SecondFactorMiddleware",  # after the password, the code (or enrolment) when required
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out login with the lockout page
]

# Wrong passwords (django-axes): after QLVB_LOGIN_FAILURE_LIMIT failures for one user name, or from
# one address, logins are refused for QLVB_LOGIN_COOLOFF_MINUTES; an administrator can unlock sooner
# ("Quản trị" › Axes), and the unlock is audited.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("QLVB_LOGIN_FAILURE_LIMIT", 21)  # the 21st wrong password locks
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_float("QLVB_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "qlvb.views.locked_out"
AXES_ENABLE_ADMIN = False  # qlvb/admin.py registers an admin whose unlock is audited
AXES_VERBOSE = False

# The second factor (django-otp): an authenticator app (TOTP, RFC 6238) and one-time recovery codes.
# Required at login for superusers, for staff of an organization whose signing route requires it,
# and for anyone who has enrolled; required for signing and sealing when the organization says so.
# After each wrong code the next try waits QLVB_OTP_THROTTLE_FACTOR × 2^(failures-1) seconds.
OTP_TOTP_ISSUER = env_str("QLVB_OTP_ISSUER", "QLVB")
OTP_TOTP_THROTTLE_FACTOR = env_float("QLVB_OTP_THROTTLE_FACTOR", 1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR
# The admin may remove a person's lost device, never read its key, QR code or recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

ROOT_URLCONF = "qlvb.urls"
WSGI_APPLICATION = "qlvb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qlvb.context_processors.navigation",
                "alerts.context_processors.figures_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qlvb.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: JIT compilation costs more than it saves (≈100 ms on a list page).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "qlvb.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-work"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["qlvb.formats"]  # dates typed dd/mm/yyyy (qlvb/formats/vi/formats.py)
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "staticfiles")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks here first
# Serve static files from the app folders too, so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")

# Tasks are acknowledged late (CELERY_TASK_ACKS_LATE): a task whose worker dies is handed out again
# by the broker when it has been unacknowledged this long (Redis' visibility timeout). It must be
# longer than the longest task, or a task still running is handed to a second worker, and longer
# than any countdown (a delayed task is held unacknowledged until it is due). Our longest tasks:
# a fetch batch, which starts no new message after QLVB_INBOX_FETCH_BUDGET_SECONDS (120 s) plus
# one fetch (connect + read timeouts, 70 s by default); a conversion (QLVB_CONVERT_TIMEOUT, 120 s);
# a poll (two listings and acknowledgements, ~150 s at worst). 600 s leaves three times that, and
# countdowns are capped below half of it (QLVB_TASK_COUNTDOWN_MAX; longer waits of the outboxes'
# retry schedules are left to their sweepers). Nothing waits on this timeout to recover: a killed
# send is swept after QLVB_OUTBOX_SENDING_STALE_AFTER, a killed fetch or poll within a minute (the
# fetch markers and poll lease below); the task handed out again finds its work done.
QLVB_BROKER_VISIBILITY_TIMEOUT = env_float("QLVB_BROKER_VISIBILITY_TIMEOUT", 600)
QLVB_TASK_COUNTDOWN_MAX = QLVB_BROKER_VISIBILITY_TIMEOUT / 2

# Embedded default (`make run` with no REDIS_URL): runstack starts a private redis-server on this
# Unix socket and hands its children REDIS_URL=unix://<socket>; a manage.py command run on its own
# finds the broker here too (while the stack runs) and keeps an in-process cache.
QLVB_EMBEDDED_REDIS_SOCKET = VAR_DIR / "redis" / "redis.sock"
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Celery (kombu) names a Unix socket redis+socket:///path; redis-py, which the cache uses, unix:///path.
    CELERY_BROKER_URL = ("redis+socket://" + REDIS_URL.removeprefix("unix://").split("?", 1)[0]
                         if REDIS_URL.startswith("unix://") else REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = f"redis+socket://{QLVB_EMBEDDED_REDIS_SOCKET}"
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"visibility_timeout": QLVB_BROKER_VISIBILITY_TIMEOUT}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Conversions (LibreOffice) have a queue of their own that only the conversion worker consumes
# (`celery worker -Q conversion`), so they never hold up the exchange on the default queue.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {"documents.task_conversion_run": {"queue": "conversion"},
                      # scan: OCR is as heavy as LibreOffice, it runs on the same worker
                      "documents.task_scan_read": {"queue": "conversion"},
                      "documents.task_scan_ocr": {"queue": "conversion"}}
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "qlvb.tasks.task_heartbeat_record", "schedule": 60.0, "args": ("beat",)},
    # Delegations whose period is over: the end is recorded and both people told, once.
    "delegations-end": {"task": "qlvb.tasks.task_delegations_end", "schedule": 300.0},
    "inbox-poll": {"task": "interchange.task_inbox_poll_all", "schedule": env_float("QLVB_POLL_SECONDS", 15)},
    "outbox-sweep": {"task": "interchange.task_outbox_sweep", "schedule": env_float("QLVB_SWEEP_SECONDS", 30)},
    "directory-sync": {"task": "interchange.task_directory_sync_all", "schedule": 6 * 3600.0},
    "external-session-purge": {"task": "signatures.task_external_session_purge", "schedule": 3600.0},
    "overdue-remind": {"task": "documents.task_overdue_remind", "schedule": 3600.0},
    # Hồ sơ due at the archive within 30 days or late: their owners are told once (Phụ lục VI III.5.b).
    "archive-due-notify": {"task": "documents.task_archive_due_notify", "schedule": 24 * 3600.0},
    "search-index-sweep": {"task": "documents.task_search_index_sweep", "schedule": 300.0},
    "alerts-scan": {"task": "alerts.task_alerts_scan", "schedule": env_float("QLVB_ALERTS_SCAN_SECONDS", 120)},
    "alerts-email-sweep": {"task": "alerts.task_email_sweep", "schedule": 60.0},
    "alerts-daily-reports": {"task": "alerts.task_daily_reports", "schedule": 600.0},
    # The TSA timestamps the audit chain's head (the external anchor), hourly by default.
    # Records: kept-back hồ sơ whose date has passed are due at the archive again (Điều 31.3.d).
    "records-care-daily": {"task": "documents.task_records_care_daily", "schedule": 24 * 3600.0},
    "audit-anchor": {"task": "signatures.task_audit_anchor",
                     "schedule": env_float("QLVB_AUDIT_ANCHOR_SECONDS", 3600)},
    # Archived hồ sơ: renew the archive timestamps due (and add the proofs a failed run left out), daily.
    "records-longterm-renew": {"task": "documents.records_longterm_renew", "schedule": 24 * 3600.0},
    # The access log of documents' files: the buffer of page views inserted in batches.
    "access-log-drain": {"task": "documents.task_access_log_drain",
                         "schedule": env_float("QLVB_ACCESS_LOG_DRAIN_SECONDS", 5)},
}
# The buffer of the access log (documents.services.access_log): a drain is also queued each time
# this many events are waiting; one drain inserts at most this many per INSERT.
QLVB_ACCESS_LOG_DRAIN_AT = env_int("QLVB_ACCESS_LOG_DRAIN_AT", 500)

# The local axis server that `make run` starts next to the web server (development and demos).
QLVB_LOCAL_AXIS_URL = env_str("QLVB_LOCAL_AXIS_URL", "http://127.0.0.1:8100")

# Fetch received messages in parallel: the poll queues tasks of up to QLVB_INBOX_FETCH_BATCH messages.
QLVB_INBOX_FAN_OUT = env_bool("QLVB_INBOX_FAN_OUT", default=True)
QLVB_INBOX_FETCH_BATCH = env_int("QLVB_INBOX_FETCH_BATCH", 10)  # messages per fetch task
# A fetch task starts no new message after this many seconds; the next poll queues the rest.
QLVB_INBOX_FETCH_BUDGET_SECONDS = env_float("QLVB_INBOX_FETCH_BUDGET_SECONDS", 120)
# Receiving recovers within a minute from a worker killed at any point (issue 14):
# - a fetch task's markers ("this message is being fetched, do not queue it again") live this
#   long unless the running task renews them; the next poll after they run out queues the message again;
# - a poll holds a PostgreSQL session advisory lock (freed when the worker's session ends); on
#   SQLite it holds a lease of this many seconds on the connection row, renewed as it goes.
QLVB_INBOX_FETCH_MARK_SECONDS = env_float("QLVB_INBOX_FETCH_MARK_SECONDS", 30)
QLVB_INBOX_POLL_LEASE_SECONDS = env_float("QLVB_INBOX_POLL_LEASE_SECONDS", 30)

# The outbox: seconds to wait before attempts 2, 3, … (± jitter); a row fails after the last.
QLVB_OUTBOX_RETRY_SCHEDULE = env_float_list("QLVB_OUTBOX_RETRY_SCHEDULE", "10,30,120,600,1800,3600")
QLVB_OUTBOX_RETRY_JITTER = env_float("QLVB_OUTBOX_RETRY_JITTER", 0.2)
QLVB_OUTBOX_SENDING_STALE_AFTER = env_float("QLVB_OUTBOX_SENDING_STALE_AFTER", 300)
QLVB_OUTBOX_QUEUED_GRACE = env_float("QLVB_OUTBOX_QUEUED_GRACE", 30)

# Signatures (read by signatures/conf.py, which checks the values and documents them).
QLVB_TSA_URL = env_str("QLVB_TSA_URL", "http://127.0.0.1:8200")
QLVB_TSA_TIMEOUT = env_float("QLVB_TSA_TIMEOUT", 10)
# Long-term proof of archived signed files (PAdES B-LTA): the TSA of archive timestamps (empty: QLVB_TSA_URL),
# and how many days before its certificate expires an archive timestamp is renewed.
QLVB_LTV_TSA_URL = env_str("QLVB_LTV_TSA_URL", "")
QLVB_LTV_RENEW_DAYS = env_int("QLVB_LTV_RENEW_DAYS", 365)
QLVB_PKI_DIR = env_str("QLVB_PKI_DIR")  # blank: VAR_DIR/pki
QLVB_PKI_BASE_URL = env_str("QLVB_PKI_BASE_URL", "http://127.0.0.1:8000/pki")
QLVB_SIGNING_LEVEL = env_str("QLVB_SIGNING_LEVEL", "B-T")
QLVB_SIGNING_POLICY_ALLOW_BB = env_bool("QLVB_SIGNING_POLICY_ALLOW_BB", default=False)
QLVB_INVALID_SIGNATURE_POLICY = env_str("QLVB_INVALID_SIGNATURE_POLICY", "warn")
QLVB_EXTERNAL_SESSION_SECONDS = env_float("QLVB_EXTERNAL_SESSION_SECONDS", 600)
# A login ends after this long without a request, and in any case this long after it began.
QLVB_SESSION_IDLE_MINUTES = env_float("QLVB_SESSION_IDLE_MINUTES", 30)
QLVB_SESSION_MAX_HOURS = env_float("QLVB_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = int(QLVB_SESSION_MAX_HOURS * 3600)
QLVB_SIGNING_MAX_PIN_ATTEMPTS = env_int("QLVB_SIGNING_MAX_PIN_ATTEMPTS", 5)
# Server-held signing keys (signatures/conf.py): the key-encryption key that seals them is kept out
# of the database, as base64 in QLVB_KEK or in the file QLVB_KEK_FILE (blank: VAR_DIR/keys/kek.key,
# created on first use except in production); QLVB_KEK_PREVIOUS_FILES still open keys during a rotation.
QLVB_KEK = env_str("QLVB_KEK")
QLVB_KEK_FILE = env_str("QLVB_KEK_FILE")
QLVB_KEK_PREVIOUS_FILES = env_list("QLVB_KEK_PREVIOUS_FILES")
QLVB_KEK_CREATE = True
QLVB_KEY_KDF_ITERATIONS = env_int("QLVB_KEY_KDF_ITERATIONS", 600_000)
QLVB_SIGNING_PIN_MIN_LENGTH = env_int("QLVB_SIGNING_PIN_MIN_LENGTH", 8)
QLVB_SIGNING_PIN_REFUSE_SIMPLE = env_bool("QLVB_SIGNING_PIN_REFUSE_SIMPLE", default=True)
# Issue 13, verification (read by signatures/conf.py). Revocation URLs come from certificates that
# anyone can make: a verification fetches only from these hosts ("host" = any port, "host:port"),
# plus the host of QLVB_PKI_BASE_URL (this deployment's own CA, answered in process), and only for
# a chain that reaches a trusted root. Default: the CRL and OCSP hosts in the VNPT-CA certificates
# of the received edXML samples (shared/fixtures); add the Government CA's hosts your trust store
# holds roots for.
QLVB_REVOCATION_HOSTS = env_list("QLVB_REVOCATION_HOSTS", "crl.vnpt-ca.vn,ocsp.vnpt-ca.vn")
QLVB_REVOCATION_MAX_URLS = env_int("QLVB_REVOCATION_MAX_URLS", 8)  # URLs fetched per verification
QLVB_REVOCATION_TIMEOUT = env_float("QLVB_REVOCATION_TIMEOUT", 5)  # seconds per request
QLVB_REVOCATION_BUDGET = env_float("QLVB_REVOCATION_BUDGET", 15)  # seconds for all of them
# Issue 13, conversions (read by documents/services/outgoing/conversion.py). LibreOffice runs
# behind this box command (no network; fail closed if it cannot be made), under an address-space
# ceiling, and is killed with its whole process group after the timeout.
QLVB_CONVERT_BOX = env_str("QLVB_CONVERT_BOX", "unshare --net --pid --fork --kill-child --map-root-user")
QLVB_CONVERT_TIMEOUT = env_float("QLVB_CONVERT_TIMEOUT", 120)  # seconds
# scan: OCR of paper scans (documents/services/scan/ocr.py): seconds per step, Tesseract languages
QLVB_OCR_TIMEOUT = env_float("QLVB_OCR_TIMEOUT", 120)
QLVB_OCR_LANGUAGES = env_str("QLVB_OCR_LANGUAGES", "vie")
QLVB_CONVERT_MEMORY_MB = env_int("QLVB_CONVERT_MEMORY_MB", 2048)
# A directory with LiberationSerif-*.ttf (or times*.ttf) to use before the system fonts.
QLVB_SERIF_FONT_DIR = env_str("QLVB_SERIF_FONT_DIR")

# Alerts: any QLVB_ALERTS_<NAME> set in the environment becomes the setting of that name
# (alerts/conf.py lists the names, their defaults and meanings).
globals().update(env_prefixed("QLVB_ALERTS_"))

# The audit log's MAC key (HMAC-SHA256), outside the database: QLVB_AUDIT_KEY (64+ hex digits) or the
# file QLVB_AUDIT_KEY_FILE (default var/audit_key). Development creates the file (0600) on first use;
# production never does (qlvb.settings.production) and must be given the key.
QLVB_AUDIT_KEY = env_str("QLVB_AUDIT_KEY")
QLVB_AUDIT_KEY_FILE = env_path("QLVB_AUDIT_KEY_FILE", VAR_DIR / "audit_key")
QLVB_AUDIT_KEY_CREATE = True

# `/metrics` asks for this bearer token when it is set.
QLVB_METRICS_TOKEN = env_str("QLVB_METRICS_TOKEN")

# Where `manage.py runstack` (make run) serves the web application.
QLVB_RUN_HOST = env_str("HOST", "127.0.0.1")
QLVB_RUN_PORT = env_int("PORT", 8000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "QLVB API",
    "DESCRIPTION": "Document management and workflow (quản lý văn bản và điều hành).",
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# E-mail (alerts, daily reports): to the SMTP server EMAIL_HOST when it is set, else to the console.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if env_str("EMAIL_HOST")
                        else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)  # implicit TLS, usually port 465
EMAIL_PORT = env_int("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_TIMEOUT = env_float("EMAIL_TIMEOUT", 30)  # seconds; a stuck server must not hold a worker
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qlvb@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Validation failures are stored with their reasons (FileVerification); no tracebacks in logs.
        "pyhanko.sign.validation": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
    },
}

if not DEBUG and env_bool("SECURE_COOKIES", default=False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content-Security-Policy (django-csp): everything comes from this server, no inline script or style,
# no plugins, no framing by other sites. htmx is told not to evaluate code or inject styles
# (templates/base.html, meta htmx-config). Files users uploaded or other agencies sent are served
# with their own stricter policy ("sandbox", documents.views.files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
# Permissions-Policy: the browser features no page of the product uses are switched off for every page.
PERMISSIONS_POLICY = {
    feature: [] for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "browsing-topics", "camera",
        "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial",
        "usb", "xr-spatial-tracking",
    )
} | {"fullscreen": ["self"]}

# Uploads: a file larger than FILE_UPLOAD_MAX_MEMORY_SIZE streams to a temporary file on disk, and a
# request body larger than QLVB_UPLOAD_MAX_MB is refused before it is read (qlvb.middleware).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
QLVB_UPLOAD_MAX_MB = env_int("QLVB_UPLOAD_MAX_MB", 60)
