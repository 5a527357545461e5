# Every target sets up what it needs: a virtual environment in .venv with the packages of
# requirements.lock, each checked against its hash.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install lock lint format serve bench screenshots messages compiled-messages

# Development: DEBUG, so no SECRET_KEY is needed, and emailed links to the address served.
run: export DEBUG ?= 1
run: export SITE_URL ?= http://$(HOST)
run: install  ## Run the service with the demo campaign on http://$(HOST) (HOST=host:port)
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_demo_campaign
	@echo "Verification emails are written to var/mail/ (open the newest file for the link)."
	$(PYTHON) manage.py runserver $(HOST)

# The tests run on every core (pytest-xdist), each worker with a database of its own (and a Redis
# database, see tests/workers.py); TEST_WORKERS=0 runs them in this one process.
TEST_WORKERS ?= auto
# The workers, and the servers and commands the tests start, share each module compiled once
# (__pycache__): with PYTHONDONTWRITEBYTECODE set, every process compiled the project's modules
# and rewrote the tests' asserts anew, a quarter of the suite's time.
test: export PYTHONDONTWRITEBYTECODE =
test: install  ## Run the test suite (SQLite unless DATABASE_URL/REDIS_URL are set)
	$(PYTHON) -m pytest --numprocesses=$(TEST_WORKERS) --dist=loadgroup $(PYTEST_ARGS)

serve: install  ## Serve for production: gunicorn, a worker per queue and beat (PostgreSQL, Redis)
	@test -n "$$DATABASE_URL" || { echo "make serve needs DATABASE_URL, a PostgreSQL database:" \
		"DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME"; exit 2; }
	@test -n "$$REDIS_URL" || { echo "make serve needs REDIS_URL, the Celery broker and cache:" \
		"REDIS_URL=redis://HOST:6379/0"; exit 2; }
	@# A database not created yet: one message saying what to do (config/checks.py).
	@$(PYTHON) manage.py check --database default --tag database --fail-level ERROR >/dev/null
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "make serve needs nginx" \
		"in front of gunicorn: apt-get install nginx-light"; exit 2; }
	@# nginx (proxy) listens on BIND (HOST by default) and hands each request, once read whole,
	@# to gunicorn (web) on a socket in var/run/: slow clients hold no worker. honcho gives each
	@# process a PORT of its own (5000…): both bind what is set here instead. nginx adds itself
	@# to X-Forwarded-For: one more trusted proxy.
	mkdir -p var/run
	PROXY_BIND="$${BIND:-$(HOST)}" BIND="unix:$(abspath var/run)/web.sock" \
	PETITIONS_TRUSTED_PROXY_COUNT=$$(( $${PETITIONS_TRUSTED_PROXY_COUNT:-0} + 1 )) \
	PATH="$(abspath $(VENV))/bin:$$PATH:/usr/sbin" $(VENV)/bin/honcho start -f Procfile

screenshots: install  ## Take the README's screenshots (docs/screenshots/) of the demo with chromium
	$(PYTHON) docs/screenshots/take.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install  ## Run the benchmarks (needs wrk, PostgreSQL, Redis); BENCH=sign|verify|reads|exports|emails|news|faults|all
	$(PYTHON) -m bench $${BENCH:-all} $(BENCH_ARGS)

install: $(VENV)/.installed compiled-messages

# In place, not afresh: tests run `make` while the suite runs from .venv. CI starts from none.
$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	touch $@

# The catalogues compiled (.mo, not committed) with GNU gettext's msgfmt (`apt-get install
# gettext`), from every locale/ directory of the checkout; without settings, so that no
# SECRET_KEY is needed.
compiled-messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "make install needs GNU gettext's msgfmt:" \
		"apt-get install gettext"; exit 2; }
	env -u DJANGO_SETTINGS_MODULE $(VENV)/bin/django-admin compilemessages \
		--ignore=.venv --ignore=.git --ignore=var --ignore=node_modules --verbosity 0

# After changing the site's texts: extract them into each language's catalogue (locale/), for
# translators to fill (locale/GLOSSARY.md keeps the key terms); then `make install`.
LANGUAGE_CODES := en az ru tr fr es de ar
messages: install  ## Update the catalogues locale/<language>/LC_MESSAGES/django.po from the code
	DEBUG=1 $(PYTHON) manage.py makemessages $(addprefix --locale=,$(LANGUAGE_CODES)) \
		--ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=docs \
		--ignore=config/country_names --no-obsolete --add-location=file

lock: install  ## After editing the dependencies in pyproject.toml: pin them all, with hashes
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" --quiet \
		--output-file requirements.lock $(LOCK_ARGS)
	$(MAKE) install
