"""The one place that reads the environment: typed helpers for the settings modules.

Only `qlvb/settings/*.py` call these, once, when Django loads the settings; the rest of the code
reads `django.conf.settings`. A `.env` file at the top of the repository is read first, if present;
variables already set in the environment win over it.

A variable that is unset or blank means "use the default". A value that cannot be read as the
type asked for stops the start with ImproperlyConfigured, naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent.parent
load_dotenv(BASE_DIR / ".env")

TRUE = frozenset({"1", "true", "yes", "on"})


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    """1, true, yes, on (any case) are true; any other value is false."""
    value = _raw(name)
    return default if value is None else value.lower() in TRUE


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_float(name: str, default: float) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list; blank items are dropped."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_float_list(name: str, default: str) -> list[float]:
    items = env_list(name, default)
    try:
        return [float(item) for item in items]
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be numbers separated by commas, not {items!r}") from None


def env_path(name: str, default: Path | str) -> Path:
    return Path(env_str(name, str(default)))


def env_prefixed(prefix: str) -> dict[str, str]:
    """Every set variable whose name starts with `prefix`, by full name."""
    return {name: value.strip() for name, value in os.environ.items() if name.startswith(prefix) and value.strip()}
