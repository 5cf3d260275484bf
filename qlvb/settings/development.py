"""Development and demos (`make run`): the shared settings as they are, the default of manage.py,
Celery, WSGI and ASGI.

With no environment at all this needs no server of your own: SQLite under `var/`, the Celery
broker on the private redis-server that `make run` starts on a socket under `var/redis/`, mail
printed to the console, a secret key generated once into `var/secret_key`.
DEBUG stays off unless DEBUG=1.
"""

from qlvb.settings.base import *  # noqa: F403
