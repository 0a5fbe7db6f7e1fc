# Qadam: `make demo` sets up and serves the national demo; `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test lint typecheck importlint migrations-check pytest browser messages clean fuzz

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/qadam migrate --noinput
	$(BIN)/qadam seed --profile national --seed 42 --if-empty
	$(MAKE) --no-print-directory serve

# The web server and one background worker (`qadam worker` starts it again whenever it
# dies); Ctrl-C stops both.
serve: install
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
