"""Work queued for after the current transaction commits, at most once per key.

A service that stores three files of one document asks three times for the document to be
indexed; one task after commit is enough. The pending hooks live in Django's own on-commit list,
so a rolled-back savepoint or transaction drops them together with their keys.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.db import transaction


class _Once:
    def __init__(self, key: Hashable, func: Callable[[], object]) -> None:
        self.qlvb_once_key = key
        self.func = func

    def __call__(self) -> None:
        self.func()


def on_commit_once(key: Hashable, func: Callable[[], object], *, replace: bool = False,
                   using: str | None = None) -> None:
    """Run `func` after the current transaction commits, unless a hook with `key` is already pending.

    With `replace`, a pending hook with `key` runs `func` instead of what it was given (a wider
    task that includes the narrower one asked for earlier).
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        for _sids, hook, _robust in connection.run_on_commit:
            if getattr(hook, "qlvb_once_key", None) == key:
                if replace:
                    hook.func = func
                return
    transaction.on_commit(_Once(key, func), using=using)
