"""The test suite (pyproject.toml's DJANGO_SETTINGS_MODULE), and the workers and deployments the
tests start as separate processes."""

from qlvb.settings.base import *  # noqa: F403

# Real hashing costs ~0.4 s a user; tests create many users and don't test the hash strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
