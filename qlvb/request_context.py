"""The current request's id, so that audit rows written deep in services can carry it."""

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
