# Every target sets up what it needs: a virtual environment in .venv with the pinned packages.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install lint format serve bench

run: install  ## Run the service with the demo campaign on http://127.0.0.1:8000
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_demo_campaign
	@echo "Verification emails are written to var/mail/ (open the newest file for the link)."
	DEBUG=$${DEBUG:-1} $(PYTHON) manage.py runserver $(HOST)

test: install  ## Run the test suite (SQLite unless DATABASE_URL/REDIS_URL are set)
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install  ## Run the benchmarks (needs wrk, PostgreSQL, Redis); BENCH=sign|verify|reads|exports|emails|all
	$(VENV)/bin/pip install --quiet -e ".[dev,bench]"
	$(PYTHON) -m bench $${BENCH:-all} $(BENCH_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@
