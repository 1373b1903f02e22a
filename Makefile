# Gõ Cửa. The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2

.PHONY: install install-test run test lint test-sqlite test-postgres bench clean

install:  ## Debian packages for letters, .venv from uv.lock, translations
	@scripts/system-packages run
	@scripts/python-env

install-test: install  ## plus PostgreSQL, Chromium and poppler for the checks
	@scripts/system-packages test

run: install  ## demo database, then the web app on http://127.0.0.1:8000/
	@$(BIN)/gocua demo
	@$(BIN)/gocua serve --host 127.0.0.1 --port 8000

test: install-test lint test-sqlite test-postgres  ## every check, as CI runs them

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy gocua bench
	$(BIN)/lint-imports

test-sqlite:  ## unit, CLI and browser tests on SQLite
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

test-postgres:  ## the same on a private PostgreSQL server
	scripts/with-postgres $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

bench: install-test  ## speed and memory figures (printed, not asserted)
	$(BIN)/python -m bench.all

clean:
	rm -rf $(VENV) var/tools var/static
