# Image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-liberation fonts-dejavu-core poppler-utils libreoffice-writer-nogui \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV STATIC_ROOT=/app/staticfiles PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=qlvb.settings.production
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN DATABASE_URL=sqlite:////tmp/build.sqlite3 QLVB_VAR_DIR=/tmp/var SECRET_KEY=build python manage.py collectstatic --noinput
