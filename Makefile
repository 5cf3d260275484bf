# QLVB — the two commands a newcomer needs: `make run` and `make test`.
# `make run` (runstack) starts a private redis-server under var/redis/ unless REDIS_URL is set, runs
# the migrations and the demo data once it is up (their tasks reach the workers), then starts the
# rest and restarts any process that stops. `make clean` also drops that Redis's queued tasks.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Tests use real PostgreSQL and Redis; these defaults match a local install.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/qlvb
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test setup lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	bash tests/system-deps.sh run
	$(PY) manage.py runstack --setup "migrate --noinput" --setup seed_demo --setup pki_init \
		--setup seed_story --setup seed_records --setup demo_axis --setup seed_incidents

test: $(STAMP)
	bash tests/system-deps.sh test
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf var/redis var/celerybeat-schedule* .pytest_cache
