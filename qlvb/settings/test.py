"""The test suite (pyproject.toml's DJANGO_SETTINGS_MODULE), and the workers and deployments the
tests start as separate processes."""

from qlvb.settings.base import *  # noqa: F403
from qlvb.settings.env import BASE_DIR, env_int, env_str

# Real hashing costs ~0.4 s a user; tests create many users and don't test the hash strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Key stores of the tests: the minimum the application accepts (100,000 PBKDF2 rounds), not the
# production 600,000, since tests open many keys; the attack tests check the configured count holds.
QLVB_KEY_KDF_ITERATIONS = env_int("QLVB_KEY_KDF_ITERATIONS", 100_000)
# One key-encryption key for the test run and every process it starts (workers, deployments with a
# var directory of their own), so a key stored by one opens in another.
QLVB_KEK_FILE = env_str("QLVB_KEK_FILE", str(BASE_DIR / "var" / "keys" / "kek-test.key"))
