# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PORT ?= 8000
UV_VERSION := 0.13.8
UV := .cache/uv/bin/uv
PY := .venv/bin/python
# Python comes from .python-version (pyenv); uv must never download its own.
export UV_PYTHON_DOWNLOADS := never

.PHONY: install run serve test test-sqlite test-postgres lint fixtures backup restore bench

$(UV):
	python3 -m venv .cache/uv
	.cache/uv/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	touch $@

# Designsystemet's CSS comes from npm; the stamp reinstalls only when the lock changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: .venv/.synced node_modules/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: DEBUG off, Gunicorn with slt/gunicorn.py behind a TLS proxy (README «Drift»).
serve: export DEBUG := 0
serve: install
	@if [ -z "$${SECRET_KEY:-}" ] || [ -z "$${ALLOWED_HOSTS:-}" ]; then \
	  echo "make serve: set SECRET_KEY and ALLOWED_HOSTS in the environment (see README «Drift»)." >&2; \
	  exit 1; \
	fi
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	PORT=$(PORT) exec .venv/bin/gunicorn --config slt/gunicorn.py

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: install
	env -u DATABASE_URL $(PY) -m pytest

# In CI PostgreSQL must run; elsewhere a machine without it only gets a warning.
test-postgres: install
	@status=0; bin/with-postgres $(PY) -m pytest || status=$$?; \
	if [ $$status = 3 ] && [ "$${CI:-}" != "true" ]; then \
	  echo "WARNING: PostgreSQL is not installed; the suite ran on SQLite only."; \
	  exit 0; \
	fi; exit $$status

test: lint test-sqlite test-postgres

# Rebuild fixtures/handlingsplan.json from the plan text (see README).
fixtures: install
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	export DATABASE_URL="sqlite:///$$tmp/fixture.sqlite3"; \
	$(PY) manage.py migrate --verbosity 0 && $(PY) manage.py build_fixture

# Everything in the database to backups/slt-<time>.json (see README «Sikkerhetskopi»).
backup: install
	$(PY) manage.py backup

# make restore FILE=backups/slt-….json loads a backup into an empty database;
# FORCE=1 empties a database with data first.
restore: install
	@test -n "$(FILE)" || { echo "Bruk: make restore FILE=backups/slt-….json"; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)

# The load benchmark (README «Ytelse»): Gunicorn on 20,000 demo tiltak, SQLite and,
# when it can be started, PostgreSQL; one table, written into bench/results.md.
bench: install
	rm -rf bench/runs
	$(PY) bench/load.py run
	@status=0; bin/with-postgres $(PY) bench/load.py run || status=$$?; \
	if [ $$status = 3 ]; then echo "PostgreSQL is not installed: SQLite only."; \
	elif [ $$status != 0 ]; then exit $$status; fi
	$(PY) bench/load.py report
