"""QLVB's settings, one module per kind of run (DJANGO_SETTINGS_MODULE):

- `qlvb.settings.development`: the default of manage.py, Celery, WSGI and ASGI (`make run`);
- `qlvb.settings.production`: deployments (the Docker image sets it);
- `qlvb.settings.test`: the test suite (pyproject.toml) and the processes it starts.

All of them build on `qlvb.settings.base`; the environment is read in `qlvb.settings.env` only.
"""
