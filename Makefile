# Hotspot: `make run` starts the app with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test lint services chromium messages bench mutants clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Translations: compiled when gettext is installed; otherwise the committed .mo files are used.
messages: $(BIN)/.installed
	@if command -v msgfmt >/dev/null; then DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v0; \
	else echo "gettext (msgfmt) not installed: using the committed translations"; fi

run: export DEBUG ?= true
run: $(BIN)/.installed messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Hotspot runs on http://127.0.0.1:$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo "  Demo logins (password: hotspot-demo): admin, chef, koordinator, kontakt, observatoer"
	@echo "  E-mails (notifications, reminders) are printed below, in the worker's output"
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" PORT=$(PORT) $(BIN)/honcho -f Procfile.dev start

# Production: settings from the environment or .env (see README, Production); DEBUG stays off.
serve: $(BIN)/.installed messages
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	PATH="$(CURDIR)/$(BIN):$$PATH" PORT=$(PORT) $(BIN)/honcho -f Procfile start

services: $(BIN)/.installed
	$(BIN)/python bin/check_services.py

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Chromium is missing at /usr/bin/chromium: install it (Debian: sudo apt-get install chromium)"; exit 1; fi

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: $(BIN)/.installed chromium services messages lint
	$(BIN)/python -m pytest -n 2 --create-db $(PYTEST_ARGS)

# Each permission/business rule replaced by "allow" must fail a test (slow; not part of `make test`).
mutants: $(BIN)/.installed services
	$(BIN)/python bin/mutation_check.py $(ONLY)

# The page benchmark loads gunicorn with wrk (a separate process): installed here like Chromium.
bench: $(BIN)/.installed services
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "wrk is missing: install it (Debian: sudo apt-get install wrk)"; exit 1; }
	$(BIN)/python bench/run.py

clean:
	rm -rf var/*.sqlite3 var/cache var/celery-* test-artifacts
