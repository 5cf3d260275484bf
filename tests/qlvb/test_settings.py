"""Settings: read from the environment in one place, one module per kind of run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from qlvb.settings.env import env_bool, env_float_list, env_int, env_list, env_prefixed, env_str
from tests.conftest import ROOT

STRONG_KEY = "Khoa-bi-mat-san-xuat-9f3a7c1e5b2d8064-QLVB-Bac-Kan-2026-xyz"

# Variables these tests set; an ambient value of any of them is dropped first.
VARIABLES = ("SECRET_KEY", "DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "TRUST_X_FORWARDED_PROTO", "EMAIL_BACKEND",
             "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL",
             "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL")

SHOW = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name, None) for name in %r}))
"""


def settings_in_a_process(module: str, tmp_path, names: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE=module, QLVB_VAR_DIR=str(tmp_path / "var"), **environment)
    return subprocess.run([sys.executable, "-c", SHOW % names], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def settings_of(module: str, tmp_path, names: list[str], **environment: str) -> dict:
    done = settings_in_a_process(module, tmp_path, names, **environment)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_helpers_read_types_and_treat_blank_as_unset(monkeypatch):
    monkeypatch.setenv("QLVB_T_BOOL", " Yes ")
    monkeypatch.setenv("QLVB_T_BLANK", "  ")
    monkeypatch.setenv("QLVB_T_INT", "42")
    monkeypatch.setenv("QLVB_T_LIST", "a, b,,c ")
    monkeypatch.setenv("QLVB_T_FLOATS", "1,2.5")
    assert env_bool("QLVB_T_BOOL") is True and env_bool("QLVB_T_BLANK", default=True) is True
    assert env_bool("QLVB_T_UNSET") is False
    assert env_str("QLVB_T_BLANK", "default") == "default"
    assert env_int("QLVB_T_INT", 1) == 42 and env_int("QLVB_T_UNSET", 7) == 7
    assert env_list("QLVB_T_LIST") == ["a", "b", "c"] and env_list("QLVB_T_UNSET", "x,y") == ["x", "y"]
    assert env_float_list("QLVB_T_FLOATS", "9") == [1.0, 2.5]
    assert env_prefixed("QLVB_T_") == {"QLVB_T_BOOL": "Yes", "QLVB_T_INT": "42", "QLVB_T_LIST": "a, b,,c",
                                       "QLVB_T_FLOATS": "1,2.5"}
    monkeypatch.setenv("QLVB_T_INT", "bốn mươi")
    with pytest.raises(ImproperlyConfigured, match="QLVB_T_INT must be a whole number"):
        env_int("QLVB_T_INT", 1)


def test_production_will_not_start_without_a_secret_key(tmp_path):
    done = settings_in_a_process("qlvb.settings.production", tmp_path, ["DEBUG"])
    assert done.returncode != 0
    assert "SECRET_KEY must be set in the environment" in done.stderr


def test_production_is_never_debug_and_takes_its_https_settings_from_the_environment(tmp_path):
    names = ["DEBUG", "SECRET_KEY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
             "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER"]
    default = settings_of("qlvb.settings.production", tmp_path, names, SECRET_KEY=STRONG_KEY, DEBUG="1")
    assert default == {"DEBUG": False, "SECRET_KEY": STRONG_KEY, "SESSION_COOKIE_SECURE": True,
                       "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000,
                       "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_PROXY_SSL_HEADER": None}
    behind_tls = settings_of("qlvb.settings.production", tmp_path, names, SECRET_KEY=STRONG_KEY, SECURE_SSL_REDIRECT="1",
                             SECURE_HSTS_SECONDS="31536000", SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
                             TRUST_X_FORWARDED_PROTO="1")
    assert behind_tls["SECURE_SSL_REDIRECT"] is True and behind_tls["SECURE_HSTS_SECONDS"] == 31536000
    assert behind_tls["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert behind_tls["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    plain_http = settings_of("qlvb.settings.production", tmp_path, names, SECRET_KEY=STRONG_KEY, SECURE_COOKIES="0",
                             SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    assert plain_http["SESSION_COOKIE_SECURE"] is False and plain_http["CSRF_COOKIE_SECURE"] is False
    assert plain_http["SECURE_SSL_REDIRECT"] is False and plain_http["SECURE_HSTS_SECONDS"] == 0


def test_production_passes_the_deployment_checklist_with_no_warning(tmp_path):
    """`manage.py check --deploy`: secure cookies, HTTPS redirect, HSTS, and an API schema without clashes."""
    # A clean environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process.
    done = _check_deploy(tmp_path, QLVB_AUDIT_KEY="5a" * 32)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def _check_deploy(tmp_path, **environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG", "DJANGO_", "QLVB_AUDIT_"))}
    env.update(SECRET_KEY=STRONG_KEY, DJANGO_SETTINGS_MODULE="qlvb.settings.production", QLVB_VAR_DIR=str(tmp_path), **environment)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_production_without_the_audit_key_fails_the_deployment_checklist_and_makes_none_up(tmp_path):
    done = _check_deploy(tmp_path)
    assert done.returncode != 0 and "qlvb.E001" in done.stderr + done.stdout
    assert "the audit key is missing" in done.stderr + done.stdout
    assert not (tmp_path / "audit_key").exists()
    key_file = tmp_path / "given-key"
    key_file.write_text("7c" * 32)
    assert _check_deploy(tmp_path, QLVB_AUDIT_KEY_FILE=str(key_file)).returncode == 0


def test_development_needs_nothing_and_prints_mail(tmp_path):
    """No file-system broker any more (a worker read half-written messages from it): with no REDIS_URL
    the broker is the private redis-server that `make run` starts on a socket under var/redis/."""
    names = ["DEBUG", "EMAIL_BACKEND", "CELERY_BROKER_URL", "CACHES", "DATABASES", "SESSION_COOKIE_SECURE"]
    seen = settings_of("qlvb.settings.development", tmp_path, names, DATABASE_URL="", REDIS_URL="")
    assert seen["DEBUG"] is False and seen["SESSION_COOKIE_SECURE"] is False
    assert seen["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert seen["CELERY_BROKER_URL"] == f"redis+socket://{tmp_path / 'var' / 'redis' / 'redis.sock'}"
    assert seen["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")  # a command run on its own needs no Redis
    assert seen["DATABASES"]["default"]["NAME"] == str(tmp_path / "var" / "qlvb.sqlite3")
    assert (tmp_path / "var" / "secret_key").exists()
    assert not (tmp_path / "var" / "broker").exists()


def test_a_redis_socket_url_serves_the_cache_and_the_broker(tmp_path):
    """What runstack hands its children: redis-py reads unix://, Celery's kombu redis+socket://."""
    names = ["CELERY_BROKER_URL", "CACHES"]
    seen = settings_of("qlvb.settings.development", tmp_path, names, REDIS_URL="unix:///srv/qlvb/redis.sock?db=0")
    assert seen["CELERY_BROKER_URL"] == "redis+socket:///srv/qlvb/redis.sock"
    assert seen["CACHES"]["default"] == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                         "LOCATION": "unix:///srv/qlvb/redis.sock?db=0"}
    tcp = settings_of("qlvb.settings.development", tmp_path, names, REDIS_URL="redis://127.0.0.1:6379/0")
    assert tcp["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize(("environment", "expected"), [
    ({"EMAIL_HOST": "smtp.backan.gov.vn"}, {"EMAIL_PORT": 25, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False}),
    ({"EMAIL_HOST": "smtp.backan.gov.vn", "EMAIL_USE_TLS": "1"},
     {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False}),
    ({"EMAIL_HOST": "smtp.backan.gov.vn", "EMAIL_USE_SSL": "1", "EMAIL_PORT": "2465"},
     {"EMAIL_PORT": 2465, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True}),
])
def test_an_smtp_host_in_the_environment_selects_the_smtp_backend(tmp_path, environment, expected):
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT"]
    seen = settings_of("qlvb.settings.test", tmp_path, names, **environment)
    assert seen == {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "smtp.backan.gov.vn",
                    "EMAIL_TIMEOUT": 30.0, **expected}


@pytest.mark.parametrize("key", ["change-me-in-production", "django-insecure-abc", "short-key-1234",
                                 "a" * 60])
def test_production_refuses_a_published_or_weak_secret_key(tmp_path, key):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG", "DJANGO_"))}
    env.update(SECRET_KEY=key, DJANGO_SETTINGS_MODULE="qlvb.settings.production", QLVB_VAR_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0
    assert "SECRET_KEY is a published example or too weak" in done.stderr


def test_docker_compose_needs_a_secret_key_and_publishes_only_the_web_server():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    app = compose["x-app"]
    assert app["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")  # compose stops when it is unset
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"web"}
    assert compose["services"]["web"]["ports"] == ["${QLVB_PUBLISH_ADDRESS:-127.0.0.1}:8000:8000"]
    assert compose["networks"]["internal"]["internal"] is True
    for name in ("postgres", "redis", "axis", "beat", "migrate"):
        assert compose["services"][name].get("networks", app.get("networks")) == ["internal"], name
    assert "AXIS_FAULT_CONTROL" not in str(compose["services"]["axis"])
