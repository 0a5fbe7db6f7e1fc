# Qadam: `make demo` sets up and serves the national demo; `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-runtime install-bench lock demo serve test lint typecheck importlint migrations-check pytest browser messages clean fuzz

# Three lock files with hashes (scripts/lock.sh writes them from pyproject.toml): runtime.lock
# is what the server needs, dev.lock adds the checks and tests, bench.lock adds the load
# generator. pip refuses any file whose hash is not in the lock.
PIP_LOCKED := $(BIN)/pip install --quiet --require-hashes

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml requirements/runtime.lock | $(BIN)/python
	$(PIP_LOCKED) -r requirements/runtime.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed: $(VENV)/.runtime requirements/dev.lock
	$(PIP_LOCKED) -r requirements/dev.lock
	touch $@

$(VENV)/.bench: $(VENV)/.runtime requirements/bench.lock
	$(PIP_LOCKED) -r requirements/bench.lock
	touch $@

# the runtime, the checks and the tests: what a developer works with
install: $(VENV)/.installed

# the runtime only: what `make demo` and a server need
install-runtime: $(VENV)/.runtime

# the runtime and the load generator (locust) of bench/guidance_load.py
install-bench: $(VENV)/.bench

# rewrite requirements/*.lock after a change of pyproject.toml's dependencies (UPGRADE=1 moves pins)
lock:
	scripts/lock.sh

# collectstatic compresses every file (about a minute and a half on 2 cores): only when a static
# file of ours or a package's (the lock) changed
STATIC_STAMP := $(or $(QADAM_VAR_DIR),var)/static/.collected
$(STATIC_STAMP): $(VENV)/.runtime $(shell find qadam -path '*/static/*' -type f)
	DJANGO_SETTINGS_MODULE=qadam.settings.demo $(BIN)/qadam collectstatic --noinput --verbosity 0
	touch $@

# DEBUG off, static files compressed by whitenoise (qadam.settings.demo)
demo: export DJANGO_SETTINGS_MODULE = qadam.settings.demo
demo: install-runtime $(STATIC_STAMP)
	$(BIN)/qadam migrate --noinput
	$(BIN)/qadam seed --profile national --seed 42 --if-empty
	$(MAKE) --no-print-directory serve

# The web server and one background worker (`qadam worker` starts it again whenever it
# dies); Ctrl-C stops both.
serve: install-runtime
	@$(BIN)/qadam demo_logins --url http://$(HOST):$(PORT)/
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/qadam worker & \
	  $(BIN)/qadam runserver $(HOST):$(PORT) --noreload

test: install browser lint typecheck importlint migrations-check pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy qadam bench

importlint: install
	$(BIN)/lint-imports

migrations-check: install
	DJANGO_SETTINGS_MODULE=qadam.settings.test $(BIN)/qadam makemigrations --check --dry-run

pytest: install
	DJANGO_SETTINGS_MODULE=qadam.settings.test $(BIN)/pytest

# Browser tests drive Debian's Chromium, never a downloaded browser.
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# schemathesis against the API's OpenAPI document (docs/security.md); FUZZ_EXAMPLES per operation
fuzz: install
	$(BIN)/pip install --quiet 'schemathesis==4.32.5'
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-10} scripts/fuzz_api.sh

messages: install
	$(BIN)/qadam makemessages -l kk -l ru --ignore=.venv --ignore=var --ignore=bench --ignore=scripts
	$(BIN)/qadam compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
