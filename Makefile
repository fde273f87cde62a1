# The two commands of the README: `make run` and `make test`. Everything else is their parts.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# Seconds a worker may spend on one request: a streamed export of a large ledger takes minutes.
TIMEOUT ?= 300

.PHONY: run test install install-dev seed lint schema

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

seed: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_ledger

run: seed
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/gunicorn project.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips=127.0.0.1 --timeout $(TIMEOUT)

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The committed OpenAPI description of v1; tests/test_schema.py fails when it is stale.
schema: install
	$(PY) manage.py spectacular --validate --fail-on-warn --api-version v1 --file openapi/v1.yaml
